import { Inject, Injectable, type OnModuleInit } from '@nestjs/common';
import { type EventEnvelope, type HoldCancelled, Topics } from '@concert/contracts';
import { type EventContext, EventConsumerHost, type EventHandler } from '@concert/platform';
import { UNIT_OF_WORK, type UnitOfWork } from '../../../shared/application/unit-of-work';
import { RecordReservationChangeUseCase } from '../../application/record-reservation-change/record-reservation-change.use-case';

/** The user cancelled the hold: payments for it are refused from now on. */
@Injectable()
export class HoldCancelledConsumer implements OnModuleInit, EventHandler<typeof Topics.HoldCancelled> {
  readonly topic = Topics.HoldCancelled;

  constructor(
    private readonly host: EventConsumerHost,
    @Inject(UNIT_OF_WORK) private readonly unitOfWork: UnitOfWork,
    private readonly recordChange: RecordReservationChangeUseCase,
  ) {}

  onModuleInit(): void {
    this.host.register(this);
  }

  async handle({ payload }: EventEnvelope<HoldCancelled>, context: EventContext): Promise<void> {
    // Through the inbox transaction: the replica change and the inbox row commit together.
    await this.recordChange.execute(
      { reservationId: payload.reservationId, userId: payload.userId, version: payload.version, status: 'CANCELLED' },
      this.unitOfWork.within(context.manager),
    );
  }
}
