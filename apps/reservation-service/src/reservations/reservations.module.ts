import { runsBackgroundWork } from '@concert/platform';
import { type DynamicModule, Module } from '@nestjs/common';
import type { ReservationServiceConfig } from '../reservation-service.config';
import { InternalReservationsController } from './api/internal-reservations.controller';
import { ReservationsController } from './api/reservations.controller';
import { CancelHoldUseCase } from './application/cancel-hold/cancel-hold.use-case';
import { ConfirmReservationUseCase } from './application/confirm-reservation/confirm-reservation.use-case';
import { ExpireOverdueHoldsUseCase } from './application/expire-overdue-holds/expire-overdue-holds.use-case';
import { GetReservationUseCase } from './application/get-reservation/get-reservation.use-case';
import { HoldSeatUseCase } from './application/hold-seat/hold-seat.use-case';
import { ListUserReservationsUseCase } from './application/list-user-reservations/list-user-reservations.use-case';
import { CLOCK } from './application/ports/clock.port';
import { ID_GENERATOR } from './application/ports/id-generator.port';
import { RESERVATION_QUERIES, UNIT_OF_WORK } from './application/ports/reservation-unit-of-work.port';
import { RecordScheduleUseCase } from './application/record-schedule/record-schedule.use-case';
import { HOLD_POLICY, type HoldPolicy } from './domain/hold-policy';
import { HOLD_EXPIRY_SWEEPER_SETTINGS, HoldExpirySweeper, type HoldExpirySweeperSettings } from './infrastructure/hold-expiry.sweeper';
import { HOLD_STRATEGY, type HoldStrategy } from './infrastructure/hold-strategies/hold-strategy';
import { OnConflictHoldStrategy } from './infrastructure/hold-strategies/on-conflict.hold-strategy';
import { PaymentCompletedConsumer } from './infrastructure/messaging/payment-completed.consumer';
import { ScheduleCreatedConsumer } from './infrastructure/messaging/schedule-created.consumer';
import { TypeOrmReservationQueries } from './infrastructure/persistence/typeorm-reservation.queries';
import { TypeOrmUnitOfWork } from './infrastructure/persistence/typeorm-unit-of-work';
import { RandomUuidGenerator, SystemClock } from './infrastructure/system-clock';

export interface ReservationsModuleOptions {
  config: ReservationServiceConfig;
  /** Replaces the system clock (tests). */
  clock?: { now(): Date };
  /** Replaces the product's hold strategy (on-conflict): the lock benchmark's alternatives, bench/locks/ only. */
  holdStrategy?: HoldStrategy;
  /**
   * false: every hold goes through the strategy, none is refused from the first read (the lock
   * benchmark measures strategies this way); the service always refuses early.
   */
  refuseOccupiedEarly?: boolean;
}

/** Seat holds: the hold/cancel/query API, the expiry sweeper and the saga consumers. */
@Module({})
export class ReservationsModule {
  static forRoot({ config, clock, holdStrategy, refuseOccupiedEarly = true }: ReservationsModuleOptions): DynamicModule {
    const policy: HoldPolicy = {
      holdSeconds: config.RESERVATION_HOLD_SECONDS,
      maxLiveHoldsPerUser: config.RESERVATION_MAX_HOLDS_PER_USER,
      refuseOccupiedEarly,
    };
    const sweeper: HoldExpirySweeperSettings = {
      enabled: config.RESERVATION_EXPIRY_SWEEPER_ENABLED && runsBackgroundWork(config),
      maxIntervalMs: config.RESERVATION_EXPIRY_SWEEP_MAX_INTERVAL_MS,
      batchSize: config.RESERVATION_EXPIRY_SWEEP_BATCH,
    };
    return {
      module: ReservationsModule,
      // The saga's handlers are controllers of the saga transport (@EventPattern), started in workers.
      controllers: [ReservationsController, InternalReservationsController, PaymentCompletedConsumer, ScheduleCreatedConsumer],
      providers: [
        { provide: CLOCK, useValue: clock ?? new SystemClock() },
        { provide: ID_GENERATOR, useClass: RandomUuidGenerator },
        { provide: HOLD_POLICY, useValue: policy },
        { provide: HOLD_STRATEGY, useValue: holdStrategy ?? new OnConflictHoldStrategy() },
        { provide: HOLD_EXPIRY_SWEEPER_SETTINGS, useValue: sweeper },
        TypeOrmUnitOfWork,
        { provide: UNIT_OF_WORK, useExisting: TypeOrmUnitOfWork },
        { provide: RESERVATION_QUERIES, useClass: TypeOrmReservationQueries },
        HoldSeatUseCase,
        CancelHoldUseCase,
        GetReservationUseCase,
        ListUserReservationsUseCase,
        ExpireOverdueHoldsUseCase,
        ConfirmReservationUseCase,
        RecordScheduleUseCase,
        HoldExpirySweeper,
      ],
    };
  }
}
