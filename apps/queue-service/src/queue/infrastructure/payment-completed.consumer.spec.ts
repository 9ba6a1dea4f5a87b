import { type EventEnvelope, type PaymentCompleted, Topics } from '@concert/contracts';
import type { EventConsumerHost } from '@concert/platform';
import { Logger } from '@nestjs/common';
import { strictMock } from '../../../test/fakes';
import type { ExpirePaidTokenUseCase } from '../application/expire-paid-token/expire-paid-token.use-case';
import type { ExpireOutcome } from '../application/ports/queue-store.port';
import { PaymentCompletedConsumer } from './payment-completed.consumer';

describe('PaymentCompletedConsumer', () => {
  const payload: PaymentCompleted = {
    paymentId: '0b8f3c1e-6a1d-4f5e-9a77-2f3b9c8d7e61',
    reservationId: '4c1a7e2b-9d3f-4b6a-8e5c-1a2b3c4d5e6f',
    userId: '5f0c9a36-2b1e-4a55-8f6e-1f1e9d2c3b4a',
    amount: 80_000,
    paidAt: '2030-01-01T12:00:00.000Z',
    queueTokenId: 'c1d7d6a4-9a0e-4f7c-9a53-0f3f2d8e1b11',
  };
  const event: EventEnvelope<PaymentCompleted> = {
    eventId: '9e6f1a2b-3c4d-4e5f-8a9b-0c1d2e3f4a5b',
    eventType: Topics.PaymentCompleted,
    occurredAt: '2030-01-01T12:00:00.001Z',
    payload,
  };

  function sutWith(outcome: ExpireOutcome) {
    const host = strictMock<EventConsumerHost>({ register: () => undefined });
    const expire = strictMock<ExpirePaidTokenUseCase>({ execute: async () => outcome });
    return { sut: new PaymentCompletedConsumer(host, expire), host, expire };
  }

  it('registers itself for payment.completed', () => {
    const { sut, host } = sutWith({ result: 'EXPIRED', tokenId: 'x' });
    sut.onModuleInit();
    expect(host.register).toHaveBeenCalledWith(sut);
    expect(sut.topic).toBe(Topics.PaymentCompleted);
  });

  it('expires the token named by the payment, for the paying user, as of the payment time', async () => {
    const { sut, expire } = sutWith({ result: 'EXPIRED', tokenId: payload.queueTokenId as string });

    await expect(sut.handle(event)).resolves.toBeUndefined();

    expect(expire.execute).toHaveBeenCalledWith({ queueTokenId: payload.queueTokenId, userId: payload.userId, paidAtMs: Date.parse(payload.paidAt) });
  });

  it('completes (no retry) when there is nothing to expire, and says so in the log', async () => {
    const warned = jest.spyOn(Logger.prototype, 'warn').mockImplementation(() => undefined);
    const { sut } = sutWith({ result: 'UNKNOWN_TOKEN', tokenId: payload.queueTokenId });

    await expect(sut.handle(event)).resolves.toBeUndefined();
    expect(warned).toHaveBeenCalledTimes(1);
  });

  it('lets a store failure through so the event is retried', async () => {
    const host = strictMock<EventConsumerHost>({ register: () => undefined });
    const expire = strictMock<ExpirePaidTokenUseCase>({
      execute: async () => {
        throw new Error('redis down');
      },
    });
    await expect(new PaymentCompletedConsumer(host, expire).handle(event)).rejects.toThrow('redis down');
  });
});
