import { Ctx, EventPattern, Payload } from '@nestjs/microservices';
import { type EventEnvelope, type ScheduleCreated, Topics } from '@concert/contracts';
import { SagaConsumer, SagaContext, type SagaHandlerOptions } from '@concert/platform';
import { RecordScheduleUseCase } from '../../application/record-schedule/record-schedule.use-case';
import { TypeOrmUnitOfWork } from '../persistence/typeorm-unit-of-work';

/** concert.schedule-created → the local catalog copy (schedule, concert, seat prices). */
@SagaConsumer()
export class ScheduleCreatedConsumer {
  constructor(
    private readonly unitOfWork: TypeOrmUnitOfWork,
    private readonly recordSchedule: RecordScheduleUseCase,
  ) {}

  // Inserts the new schedule's own rows only: batched.
  @EventPattern(Topics.ScheduleCreated, { batched: true } satisfies SagaHandlerOptions)
  async handle(@Payload() event: EventEnvelope<ScheduleCreated>, @Ctx() context: SagaContext): Promise<void> {
    if (!context.transaction) throw new Error('ScheduleCreatedConsumer needs the postgres inbox transaction');
    const { payload } = event;
    await this.recordSchedule.execute(
      { scheduleId: payload.scheduleId, concertId: payload.concertId, startsAt: new Date(payload.startsAt), seats: payload.seats },
      this.unitOfWork.within(context.transaction),
    );
  }
}
