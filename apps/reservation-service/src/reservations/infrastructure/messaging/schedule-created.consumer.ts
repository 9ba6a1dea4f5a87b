import { Injectable, type OnModuleInit } from '@nestjs/common';
import { type EventEnvelope, type ScheduleCreated, Topics } from '@concert/contracts';
import { EventConsumerHost, type EventContext, type EventHandler } from '@concert/platform';
import { RecordScheduleUseCase } from '../../application/record-schedule/record-schedule.use-case';
import { TypeOrmUnitOfWork } from '../persistence/typeorm-unit-of-work';

/** concert.schedule-created → the local catalog copy (schedule, concert, seat prices). */
@Injectable()
export class ScheduleCreatedConsumer implements OnModuleInit, EventHandler<typeof Topics.ScheduleCreated> {
  readonly topic = Topics.ScheduleCreated;

  constructor(
    private readonly host: EventConsumerHost,
    private readonly unitOfWork: TypeOrmUnitOfWork,
    private readonly recordSchedule: RecordScheduleUseCase,
  ) {}

  onModuleInit(): void {
    // Inserts the new schedule's own rows only: batched.
    this.host.register(this, { batched: true });
  }

  async handle(event: EventEnvelope<ScheduleCreated>, context: EventContext): Promise<void> {
    if (!context.manager) throw new Error('ScheduleCreatedConsumer needs the postgres inbox transaction');
    const { payload } = event;
    await this.recordSchedule.execute(this.unitOfWork.within(context.manager), {
      scheduleId: payload.scheduleId,
      concertId: payload.concertId,
      startsAt: new Date(payload.startsAt),
      seats: payload.seats,
    });
  }
}
