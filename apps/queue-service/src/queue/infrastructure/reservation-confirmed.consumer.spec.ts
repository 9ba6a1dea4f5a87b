import { type EventEnvelope, type ReservationConfirmed, Topics } from '@concert/contracts';
import { Logger } from '@nestjs/common';
import { PATTERN_METADATA } from '@nestjs/microservices/constants';
import { strictMock } from '../../../test/fakes';
import type { ExpirePaidTokenUseCase } from '../application/expire-paid-token/expire-paid-token.use-case';
import type { ExpireOutcome } from '../application/ports/queue-store.port';
import { ReservationConfirmedConsumer } from './reservation-confirmed.consumer';

describe('ReservationConfirmedConsumer', () => {
  const TOKEN_ID = 'c1d7d6a4-9a0e-4f7c-9a53-0f3f2d8e1b11';
  const PAID_AT = '2030-01-01T12:00:00.000Z';
  const payload: ReservationConfirmed = {
    reservationId: '4c1a7e2b-9d3f-4b6a-8e5c-1a2b3c4d5e6f',
    userId: '5f0c9a36-2b1e-4a55-8f6e-1f1e9d2c3b4a',
    concertId: '7a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d',
    scheduleId: '8b2c3d4e-5f6a-4b7c-9d8e-0f1a2b3c4d5e',
    seatNo: 7,
    version: 2,
    paymentId: '0b8f3c1e-6a1d-4f5e-9a77-2f3b9c8d7e61',
    confirmedAt: '2030-01-01T12:00:00.050Z',
    queueTokenId: TOKEN_ID,
    paidAt: PAID_AT,
  };
  const event: EventEnvelope<ReservationConfirmed> = {
    eventId: '9e6f1a2b-3c4d-4e5f-8a9b-0c1d2e3f4a5b',
    eventType: Topics.ReservationConfirmed,
    occurredAt: '2030-01-01T12:00:00.051Z',
    payload,
  };

  function sutWith(outcome: ExpireOutcome) {
    const expire = strictMock<ExpirePaidTokenUseCase>({ execute: async () => outcome });
    return { sut: new ReservationConfirmedConsumer(expire), expire };
  }

  it('handles reservation.confirmed on the saga transport', () => {
    expect(Reflect.getMetadata(PATTERN_METADATA, ReservationConfirmedConsumer.prototype.handle)).toEqual([Topics.ReservationConfirmed]);
  });

  it('expires the token the payment was made with, for the buyer, as of the payment time, with the saga latency', async () => {
    const { sut, expire } = sutWith({ result: 'EXPIRED', tokenId: TOKEN_ID, admitted: [], capacity: 1 });

    await expect(sut.handle(event)).resolves.toBeUndefined();

    expect(expire.execute).toHaveBeenCalledWith({ concertId: payload.concertId, queueTokenId: TOKEN_ID, userId: payload.userId, paidAtMs: Date.parse(PAID_AT), sagaLatencyMs: 50 });
  });

  it("expires the buyer's token as of the confirmation for an event written before it named the token", async () => {
    const { sut, expire } = sutWith({ result: 'EXPIRED', tokenId: 'found-by-user', admitted: [], capacity: 1 });
    const { queueTokenId: _token, paidAt: _paidAt, ...older } = payload;

    await sut.handle({ ...event, payload: older });

    expect(expire.execute).toHaveBeenCalledWith({ concertId: payload.concertId, queueTokenId: null, userId: payload.userId, paidAtMs: Date.parse(payload.confirmedAt), sagaLatencyMs: null });
  });

  it('completes (no retry) when there is nothing to expire, and says so in the log', async () => {
    const warned = jest.spyOn(Logger.prototype, 'warn').mockImplementation(() => undefined);
    const { sut } = sutWith({ result: 'UNKNOWN_TOKEN', tokenId: TOKEN_ID });

    await expect(sut.handle(event)).resolves.toBeUndefined();
    expect(warned).toHaveBeenCalledTimes(1);
  });

  it('lets a store failure through so the event is retried', async () => {
    const expire = strictMock<ExpirePaidTokenUseCase>({
      execute: async () => {
        throw new Error('redis down');
      },
    });
    await expect(new ReservationConfirmedConsumer(expire).handle(event)).rejects.toThrow('redis down');
  });
});
