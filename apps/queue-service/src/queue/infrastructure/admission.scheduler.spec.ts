import { Logger } from '@nestjs/common';
import { strictMock, testSettings } from '../../../test/fakes';
import type { AdmitWaitingUsersUseCase } from '../application/admit-waiting-users/admit-waiting-users.use-case';
import type { AdmissionOutcome } from '../application/ports/queue-store.port';
import { AdmissionPolicy } from '../domain/admission-policy';
import type { QueueServiceConfig } from '../../queue-service.config';
import { AdmissionScheduler, CATCH_UP_PAUSE_MS } from './admission.scheduler';

describe('AdmissionScheduler', () => {
  beforeAll(() => Logger.overrideLogger(false));
  afterEach(() => jest.useRealTimers());

  const policy = new AdmissionPolicy({ ...testSettings, cleanupBatchSize: 10 });
  /** A round with nothing left over: the queue is empty. */
  const quiet: AdmissionOutcome = { concertId: 'room', preQueueCount: 0, maxActiveUsers: 100, activeSeconds: 600, expiredActive: 0, evictedIdle: 0, admitted: [], waitingCount: 0, activeCount: 3, capacity: 100, admissionHistory: [] };
  /** A round that stopped at its bound: a whole batch of idle waiters swept, more may be left. */
  const bounded: AdmissionOutcome = { ...quiet, evictedIdle: 10, waitingCount: 5_000 };

  function config(overrides: Record<string, unknown> = {}): QueueServiceConfig {
    return { QUEUE_ADMISSION_ENABLED: true, QUEUE_ADMIT_INTERVAL_MS: 1_000, PROCESS_ROLE: 'all', ...overrides } as unknown as QueueServiceConfig;
  }

  /** A use case that answers the given outcomes in turn (the last one from then on), counting its rounds. */
  function admitting(...outcomes: AdmissionOutcome[]) {
    let rounds = 0;
    const admit = strictMock<AdmitWaitingUsersUseCase>({ execute: async () => [outcomes[Math.min(rounds++, outcomes.length - 1)] ?? quiet] });
    return { admit, rounds: () => rounds };
  }

  // An api process answers `me` too: its estimator is fed by its own rounds, so it must run them.
  it.each(['api', 'worker', 'all'])('runs an admission round every interval in a %s process', async (role) => {
    jest.useFakeTimers();
    const { admit, rounds } = admitting(quiet);
    const sut = new AdmissionScheduler(admit, policy, config({ PROCESS_ROLE: role }));

    sut.onApplicationBootstrap();
    await jest.advanceTimersByTimeAsync(0);
    expect(rounds()).toBe(1);
    await jest.advanceTimersByTimeAsync(999);
    expect(rounds()).toBe(1);
    await jest.advanceTimersByTimeAsync(1);
    expect(rounds()).toBe(2);
    await jest.advanceTimersByTimeAsync(3_000);
    expect(rounds()).toBe(5);
    await sut.onModuleDestroy();
  });

  it('follows a round that stopped at its bound after a short pause, until the backlog is gone, then every interval again', async () => {
    jest.useFakeTimers();
    const { admit, rounds } = admitting(bounded, bounded, bounded, quiet);
    const sut = new AdmissionScheduler(admit, policy, config());

    sut.onApplicationBootstrap();
    await jest.advanceTimersByTimeAsync(0);
    expect(rounds()).toBe(1);
    // Three bounded rounds, each followed CATCH_UP_PAUSE_MS later: the fourth finds nothing left.
    await jest.advanceTimersByTimeAsync(3 * CATCH_UP_PAUSE_MS);
    expect(rounds()).toBe(4);
    await jest.advanceTimersByTimeAsync(1_000 - 1);
    expect(rounds()).toBe(4);
    await jest.advanceTimersByTimeAsync(1);
    expect(rounds()).toBe(5);
    await sut.onModuleDestroy();
  });

  it('waits a whole interval after a failed round, whatever came before', async () => {
    jest.useFakeTimers();
    let rounds = 0;
    const admit = strictMock<AdmitWaitingUsersUseCase>({
      execute: async () => {
        rounds++;
        if (rounds === 2) throw new Error('redis down');
        return [bounded];
      },
    });
    const sut = new AdmissionScheduler(admit, policy, config());

    sut.onApplicationBootstrap();
    await jest.advanceTimersByTimeAsync(CATCH_UP_PAUSE_MS);
    expect(rounds).toBe(2);
    await jest.advanceTimersByTimeAsync(1_000 - 1);
    expect(rounds).toBe(2);
    await jest.advanceTimersByTimeAsync(1);
    expect(rounds).toBe(3);
    await sut.onModuleDestroy();
  });

  it('runs none when admission is turned off', async () => {
    jest.useFakeTimers();
    const { admit, rounds } = admitting(quiet);
    const sut = new AdmissionScheduler(admit, policy, config({ QUEUE_ADMISSION_ENABLED: false }));

    sut.onApplicationBootstrap();
    await jest.advanceTimersByTimeAsync(10_000);
    await sut.onModuleDestroy();

    expect(rounds()).toBe(0);
  });
});
