import { Topics } from '@concert/contracts';
import { SagaContext } from '@concert/platform';
import { PATTERN_METADATA } from '@nestjs/microservices/constants';
import type { UnitOfWork } from '../../../shared/application/unit-of-work';
import type { RecordReservationChangeUseCase } from '../../application/record-reservation-change/record-reservation-change.use-case';
import { REPLICA_SNAPSHOTS, ReservationEventsConsumer } from './reservation-events.consumer';

const ref = {
  reservationId: '0b8f3c1e-6a1d-4f5e-9a77-2f3b9c8d7e61',
  userId: '5f0c9a36-2b1e-4a55-8f6e-1f1e9d2c3b4a',
  concertId: 'c1d7d6a4-9a0e-4f7c-9a53-0f3f2d8e1b11',
  scheduleId: '9e6f1a2b-3c4d-4e5f-8a9b-0c1d2e3f4a5b',
  seatNo: 7,
};

describe('REPLICA_SNAPSHOTS', () => {
  it('turns a hold into a HELD replica with its concert, amount and expiry', () => {
    expect(REPLICA_SNAPSHOTS[Topics.SeatHeld]({ ...ref, version: 1, price: 80_000, expiresAt: '2026-12-01T10:05:00.000Z' })).toEqual({
      reservationId: ref.reservationId,
      userId: ref.userId,
      concertId: ref.concertId,
      version: 1,
      status: 'HELD',
      amount: 80_000,
      expiresAt: new Date('2026-12-01T10:05:00.000Z'),
    });
  });

  it.each([
    [Topics.HoldExpired, { expiredAt: '2026-12-01T10:05:00.000Z' }, 'EXPIRED'],
    [Topics.HoldCancelled, { cancelledAt: '2026-12-01T10:01:00.000Z' }, 'CANCELLED'],
    [Topics.ReservationConfirmed, { paymentId: ref.concertId, confirmedAt: '2026-12-01T10:02:00.000Z' }, 'CONFIRMED'],
  ] as const)('turns %s into %s', (topic, fields, status) => {
    const snapshot = (REPLICA_SNAPSHOTS[topic] as (payload: unknown) => unknown)({ ...ref, ...fields, version: 2 });
    expect(snapshot).toEqual({ reservationId: ref.reservationId, userId: ref.userId, concertId: ref.concertId, version: 2, status });
  });
});

describe('ReservationEventsConsumer', () => {
  it('handles every replica topic, applying its snapshot in the inbox transaction', async () => {
    const tx = { reservations: {} };
    const unitOfWork = { within: jest.fn(() => tx) } as unknown as UnitOfWork;
    const recordChange = { execute: jest.fn(async () => 'UPDATED') } as unknown as RecordReservationChangeUseCase;
    const sut = new ReservationEventsConsumer(unitOfWork, recordChange);

    expect([...(Reflect.getMetadata(PATTERN_METADATA, ReservationEventsConsumer.prototype.apply) as string[])].sort()).toEqual(
      [Topics.SeatHeld, Topics.HoldExpired, Topics.HoldCancelled, Topics.ReservationConfirmed].sort(),
    );
    const manager = { queryRunner: { isTransactionActive: true } } as never;
    const context = new SagaContext({ topic: Topics.HoldCancelled, partition: 0, offset: '7', manager, afterCommit: () => undefined });
    await sut.apply({ payload: { ...ref, version: 3, cancelledAt: '2026-12-01T10:01:00.000Z' } } as never, context);
    expect(unitOfWork.within).toHaveBeenCalledWith(context.transaction);
    expect(recordChange.execute).toHaveBeenCalledWith({ reservationId: ref.reservationId, userId: ref.userId, concertId: ref.concertId, version: 3, status: 'CANCELLED' }, tx);
  });
});
