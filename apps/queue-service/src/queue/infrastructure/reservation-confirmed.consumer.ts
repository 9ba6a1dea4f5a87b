import { Logger } from '@nestjs/common';
import { EventPattern, Payload } from '@nestjs/microservices';
import { type EventEnvelope, type ReservationConfirmed, Topics } from '@concert/contracts';
import { SagaConsumer } from '@concert/platform';
import { ExpirePaidTokenUseCase } from '../application/expire-paid-token/expire-paid-token.use-case';

/**
 * reservation-service → queue-service: a confirmed reservation (the seat is the buyer's) expires
 * the queue token its payment was made with — the gateway then answers QUEUE_TOKEN_EXPIRED — and
 * frees its active slot. Waiting for the confirmation rather than the payment means a payment
 * that is refunded (it lost the race against the hold's expiry) leaves the buyer's token live.
 * Redis inbox; the effect is idempotent anyway (an EXPIRED token stays EXPIRED).
 */
@SagaConsumer()
export class ReservationConfirmedConsumer {
  private readonly logger = new Logger(ReservationConfirmedConsumer.name);

  constructor(private readonly expirePaidToken: ExpirePaidTokenUseCase) {}

  @EventPattern(Topics.ReservationConfirmed)
  async handle(@Payload() event: EventEnvelope<ReservationConfirmed>): Promise<void> {
    const { payload } = event;
    const outcome = await this.expirePaidToken.execute({
      concertId: payload.concertId,
      // Events written before the payment's token was passed on name none: the user's token as of the payment is expired.
      queueTokenId: payload.queueTokenId ?? null,
      userId: payload.userId,
      paidAtMs: Date.parse(payload.paidAt ?? payload.confirmedAt),
      sagaLatencyMs: payload.paidAt ? Date.parse(payload.confirmedAt) - Date.parse(payload.paidAt) : null,
    });
    const trace = { eventId: event.eventId, reservationId: payload.reservationId, paymentId: payload.paymentId, ...outcome };
    switch (outcome.result) {
      case 'EXPIRED':
      case 'ALREADY_EXPIRED':
      case 'NO_LIVE_TOKEN':
      case 'ISSUED_AFTER':
        this.logger.debug(trace, 'reservation confirmed: queue token handled');
        return;
      case 'UNKNOWN_TOKEN':
      case 'OTHER_USER':
        // Nothing to expire (forgotten after retention, or an event naming someone else's token):
        // retrying cannot help, so the event is done; the log keeps the trace.
        this.logger.warn({ ...trace, userId: payload.userId }, 'reservation confirmed: token not expired');
        return;
      default: {
        const unreachable: never = outcome;
        throw new Error(`unexpected expiry outcome ${JSON.stringify(unreachable)}`);
      }
    }
  }
}
