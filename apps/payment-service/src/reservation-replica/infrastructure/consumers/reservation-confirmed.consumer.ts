import { Inject, Injectable, type OnModuleInit } from '@nestjs/common';
import { type EventEnvelope, type ReservationConfirmed, Topics } from '@concert/contracts';
import { type EventContext, EventConsumerHost, type EventHandler } from '@concert/platform';
import { UNIT_OF_WORK, type UnitOfWork } from '../../../shared/application/unit-of-work';
import { RecordReservationChangeUseCase } from '../../application/record-reservation-change/record-reservation-change.use-case';

/** reservation-service confirmed the paid reservation. */
@Injectable()
export class ReservationConfirmedConsumer implements OnModuleInit, EventHandler<typeof Topics.ReservationConfirmed> {
  readonly topic = Topics.ReservationConfirmed;

  constructor(
    private readonly host: EventConsumerHost,
    @Inject(UNIT_OF_WORK) private readonly unitOfWork: UnitOfWork,
    private readonly recordChange: RecordReservationChangeUseCase,
  ) {}

  onModuleInit(): void {
    this.host.register(this);
  }

  async handle({ payload }: EventEnvelope<ReservationConfirmed>, context: EventContext): Promise<void> {
    // Through the inbox transaction: the replica change and the inbox row commit together.
    await this.recordChange.execute(
      { reservationId: payload.reservationId, userId: payload.userId, version: payload.version, status: 'CONFIRMED' },
      this.unitOfWork.within(context.manager),
    );
  }
}
