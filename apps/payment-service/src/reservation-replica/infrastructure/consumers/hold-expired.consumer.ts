import { Inject, Injectable, type OnModuleInit } from '@nestjs/common';
import { type EventEnvelope, type HoldExpired, Topics } from '@concert/contracts';
import { type EventContext, EventConsumerHost, type EventHandler } from '@concert/platform';
import { UNIT_OF_WORK, type UnitOfWork } from '../../../shared/application/unit-of-work';
import { RecordReservationChangeUseCase } from '../../application/record-reservation-change/record-reservation-change.use-case';

/** The hold ran out: payments for it are refused from now on. */
@Injectable()
export class HoldExpiredConsumer implements OnModuleInit, EventHandler<typeof Topics.HoldExpired> {
  readonly topic = Topics.HoldExpired;

  constructor(
    private readonly host: EventConsumerHost,
    @Inject(UNIT_OF_WORK) private readonly unitOfWork: UnitOfWork,
    private readonly recordChange: RecordReservationChangeUseCase,
  ) {}

  onModuleInit(): void {
    this.host.register(this);
  }

  async handle({ payload }: EventEnvelope<HoldExpired>, context: EventContext): Promise<void> {
    // Through the inbox transaction: the replica change and the inbox row commit together.
    await this.recordChange.execute(
      { reservationId: payload.reservationId, userId: payload.userId, version: payload.version, status: 'EXPIRED' },
      this.unitOfWork.within(context.manager),
    );
  }
}
