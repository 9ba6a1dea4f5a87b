import { type DynamicModule, Module } from '@nestjs/common';
import { queueTokenSecretsOf } from '@concert/platform';
import { AdmitWaitingUsersUseCase } from './application/admit-waiting-users/admit-waiting-users.use-case';
import { ExpirePaidTokenUseCase } from './application/expire-paid-token/expire-paid-token.use-case';
import { GetQueueStatusUseCase } from './application/get-queue-status/get-queue-status.use-case';
import { JoinQueueUseCase } from './application/join-queue/join-queue.use-case';
import { CLOCK } from './application/ports/clock.port';
import { CONCERT_DIRECTORY, type ConcertDirectory } from './application/ports/concert-directory.port';
import { QUEUE_METRICS } from './application/ports/queue-metrics.port';
import { QUEUE_STORE } from './application/ports/queue-store.port';
import { QUEUE_TOKEN_SIGNER } from './application/ports/queue-token-signer.port';
import { TOKEN_ID_GENERATOR } from './application/ports/token-id-generator.port';
import { QueueController } from './api/queue.controller';
import { WaitingRoomController } from './api/waiting-room.controller';
import { AdminKeyGuard, AdminKeyRequestHook } from '@concert/platform';
import { ConfigureRoomUseCase } from './application/configure-room/configure-room.use-case';
import { ProveOpeningUseCase } from './application/prove-opening/prove-opening.use-case';
import { ViewRoomUseCase } from './application/view-room/view-room.use-case';
import { ROOM_SEED_SECRET, RoomSetups } from './application/room-setups';
import { QueueStatusStreamHub } from './api/queue-status-stream.hub';
import { AdmissionPolicy } from './domain/admission-policy';
import { RoomRateEstimators } from './domain/room-rate-estimators';
import type { Clock } from './domain/clock';
import { AdmissionScheduler } from './infrastructure/admission.scheduler';
import { ReservationConfirmedConsumer } from './infrastructure/reservation-confirmed.consumer';
import { HmacQueueTokenSigner } from './infrastructure/hmac-queue-token.signer';
import { HttpConcertDirectory } from './infrastructure/http-concert-directory';
import { PrometheusQueueMetrics } from './infrastructure/prometheus-queue.metrics';
import { RandomTokenIdGenerator } from './infrastructure/random-token-id.generator';
import { RedisDurability } from './infrastructure/redis/redis-durability';
import { RedisQueueStore } from './infrastructure/redis/redis-queue.store';
import { SystemClock } from './infrastructure/system-clock';
import { type QueueServiceConfig, queueSettingsOf } from '../queue-service.config';

export interface QueueModuleOptions {
  /** Tests inject a fake clock. */
  clock?: Clock;
  /** Consume ReservationConfirmed (needs MessagingModule); default true. */
  consumeEvents?: boolean;
  /** Tests of queue-service alone name the concerts that exist; otherwise concert-service is asked. */
  concertDirectory?: ConcertDirectory;
}

/** The waiting rooms, one per concert: join, status (poll and push), admission, opening, expiry, the organizer's controls. Needs REDIS and APP_CONFIG. */
@Module({})
export class QueueModule {
  static forRoot(config: QueueServiceConfig, options: QueueModuleOptions = {}): DynamicModule {
    const settings = queueSettingsOf(config);
    const policy = new AdmissionPolicy(settings);
    const clock = options.clock ?? new SystemClock();
    return {
      module: QueueModule,
      // ReservationConfirmedConsumer is a controller of the saga transport (@EventPattern), started in workers.
      controllers: [QueueController, WaitingRoomController, ...(options.consumeEvents === false ? [] : [ReservationConfirmedConsumer])],
      providers: [
        { provide: CLOCK, useValue: clock },
        { provide: AdmissionPolicy, useValue: policy },
        {
          provide: RoomRateEstimators,
          useValue: new RoomRateEstimators(clock, { windowSeconds: settings.rateWindowSeconds, defaultFloorPerSecond: policy.guaranteedRatePerSecond(), maxRooms: 10_000 }),
        },
        { provide: ROOM_SEED_SECRET, useValue: queueTokenSecretsOf(config)[0] },
        RoomSetups,
        ViewRoomUseCase,
        ConfigureRoomUseCase,
        ProveOpeningUseCase,
        AdminKeyGuard,
        AdminKeyRequestHook,
        { provide: QUEUE_STORE, useClass: RedisQueueStore },
        { provide: QUEUE_TOKEN_SIGNER, useValue: new HmacQueueTokenSigner(queueTokenSecretsOf(config)) },
        { provide: TOKEN_ID_GENERATOR, useClass: RandomTokenIdGenerator },
        {
          provide: CONCERT_DIRECTORY,
          useValue:
            options.concertDirectory ??
            new HttpConcertDirectory({ baseUrls: config.CONCERT_SERVICE_URLS, timeoutMs: config.CONCERT_SERVICE_TIMEOUT_MS, assertionKey: config.INTERNAL_ASSERTION_KEY }),
        },
        { provide: QUEUE_METRICS, useClass: PrometheusQueueMetrics },
        JoinQueueUseCase,
        GetQueueStatusUseCase,
        AdmitWaitingUsersUseCase,
        ExpirePaidTokenUseCase,
        AdmissionScheduler,
        QueueStatusStreamHub,
        RedisDurability,
      ],
      exports: [ExpirePaidTokenUseCase, AdmitWaitingUsersUseCase, QueueStatusStreamHub],
    };
  }
}
