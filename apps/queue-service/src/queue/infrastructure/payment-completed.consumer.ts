import { Injectable, Logger, type OnModuleInit } from '@nestjs/common';
import { type EventEnvelope, type PaymentCompleted, Topics } from '@concert/contracts';
import { EventConsumerHost, type EventHandler } from '@concert/platform';
import { ExpirePaidTokenUseCase } from '../application/expire-paid-token/expire-paid-token.use-case';

/**
 * payment-service → queue-service: a completed payment expires the queue token it was made with
 * (the gateway then answers QUEUE_TOKEN_EXPIRED) and frees its active slot. Redis inbox; the
 * effect is idempotent anyway (an EXPIRED token stays EXPIRED).
 */
@Injectable()
export class PaymentCompletedConsumer implements OnModuleInit, EventHandler<typeof Topics.PaymentCompleted> {
  readonly topic = Topics.PaymentCompleted;
  private readonly logger = new Logger(PaymentCompletedConsumer.name);

  constructor(
    private readonly host: EventConsumerHost,
    private readonly expirePaidToken: ExpirePaidTokenUseCase,
  ) {}

  onModuleInit(): void {
    this.host.register(this);
  }

  async handle(event: EventEnvelope<PaymentCompleted>): Promise<void> {
    const { payload } = event;
    const outcome = await this.expirePaidToken.execute({
      queueTokenId: payload.queueTokenId,
      userId: payload.userId,
      paidAtMs: Date.parse(payload.paidAt),
    });
    switch (outcome.result) {
      case 'EXPIRED':
      case 'ALREADY_EXPIRED':
      case 'NO_LIVE_TOKEN':
      case 'ISSUED_AFTER':
        this.logger.debug({ eventId: event.eventId, paymentId: payload.paymentId, ...outcome }, 'payment completed: queue token handled');
        return;
      case 'UNKNOWN_TOKEN':
      case 'OTHER_USER':
        // Nothing to expire (forgotten after retention, or an event naming someone else's token):
        // retrying cannot help, so the event is done; the log keeps the trace.
        this.logger.warn({ eventId: event.eventId, paymentId: payload.paymentId, userId: payload.userId, ...outcome }, 'payment completed: token not expired');
        return;
      default: {
        const unreachable: never = outcome;
        throw new Error(`unexpected expiry outcome ${JSON.stringify(unreachable)}`);
      }
    }
  }
}
