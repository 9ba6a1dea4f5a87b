import { Inject, Injectable, type OnModuleInit } from '@nestjs/common';
import { type EventEnvelope, type SeatHeld, Topics } from '@concert/contracts';
import { type EventContext, EventConsumerHost, type EventHandler } from '@concert/platform';
import { UNIT_OF_WORK, type UnitOfWork } from '../../../shared/application/unit-of-work';
import { RecordReservationChangeUseCase } from '../../application/record-reservation-change/record-reservation-change.use-case';

/** A new hold: the replica learns the reservation's owner, price and expiry. */
@Injectable()
export class SeatHeldConsumer implements OnModuleInit, EventHandler<typeof Topics.SeatHeld> {
  readonly topic = Topics.SeatHeld;

  constructor(
    private readonly host: EventConsumerHost,
    @Inject(UNIT_OF_WORK) private readonly unitOfWork: UnitOfWork,
    private readonly recordChange: RecordReservationChangeUseCase,
  ) {}

  onModuleInit(): void {
    this.host.register(this);
  }

  async handle({ payload }: EventEnvelope<SeatHeld>, context: EventContext): Promise<void> {
    // Through the inbox transaction: the replica change and the inbox row commit together.
    await this.recordChange.execute(
      { reservationId: payload.reservationId, userId: payload.userId, version: payload.version, status: 'HELD', amount: payload.price, expiresAt: new Date(payload.expiresAt) },
      this.unitOfWork.within(context.manager),
    );
  }
}
