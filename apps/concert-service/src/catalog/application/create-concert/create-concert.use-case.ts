import { Inject, Injectable } from '@nestjs/common';
import { Concert } from '../../domain/concert';
import { seoulDateOf, toSeoulIsoString } from '../../domain/seoul-time';
import { CLOCK, type Clock } from '../ports/clock.port';
import { CONCERT_REPOSITORY, type ConcertRepository } from '../ports/concert.repository.port';
import { ID_GENERATOR, type IdGenerator } from '../ports/id-generator.port';
import { type WaitingRoomSettingsView, waitingRoomSettingsViewOf } from '../waiting-room-settings-view';

export interface CreateConcertCommand {
  title: string;
  venue: string;
  schedules: Array<{ startsAt: string; seatPrice: number; seatPrices?: Record<string, number> }>;
  /** The concert's waiting room; each setting left out takes the configured default. */
  waitingRoom?: { maxActiveUsers?: number; activeSeconds?: number; saleOpensAt?: string };
  /** A fixed id (the demo seed); a new one otherwise. */
  concertId?: string;
  requestId?: string;
}

export interface CreatedConcertView {
  concertId: string;
  title: string;
  venue: string;
  schedules: Array<{ scheduleId: string; startsAt: string; date: string; totalSeats: number }>;
  waitingRoom: WaitingRoomSettingsView;
}

export interface CreateConcertResult {
  /** False when a concert with the given fixed id existed already (nothing was written). */
  created: boolean;
  concert: CreatedConcertView;
}

/**
 * Creates a concert with its schedules, 50 priced seats each, all AVAILABLE, its waiting-room
 * settings, and one ScheduleCreated event per schedule — in one transaction.
 */
@Injectable()
export class CreateConcertUseCase {
  constructor(
    @Inject(CONCERT_REPOSITORY) private readonly concerts: ConcertRepository,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(ID_GENERATOR) private readonly ids: IdGenerator,
  ) {}

  async execute(command: CreateConcertCommand): Promise<CreateConcertResult> {
    const now = this.clock.now();
    const concert = Concert.create(
      {
        id: command.concertId ?? this.ids.newId(),
        title: command.title,
        venue: command.venue,
        schedules: (Array.isArray(command.schedules) ? command.schedules : []).map((schedule) => ({
          id: this.ids.newId(),
          startsAt: schedule.startsAt,
          seatPrice: schedule.seatPrice,
          seatPrices: schedule.seatPrices,
        })),
        waitingRoom: command.waitingRoom,
      },
      now,
    );
    const created = await this.concerts.add(concert, { occurredAt: now, ...(command.requestId ? { requestId: command.requestId } : {}) });
    return {
      created,
      concert: {
        concertId: concert.id,
        title: concert.title,
        venue: concert.venue,
        schedules: concert.schedules.map((schedule) => ({
          scheduleId: schedule.id,
          startsAt: toSeoulIsoString(schedule.startsAt),
          date: seoulDateOf(schedule.startsAt),
          totalSeats: schedule.seats.length,
        })),
        waitingRoom: waitingRoomSettingsViewOf(concert.waitingRoom),
      },
    };
  }
}
