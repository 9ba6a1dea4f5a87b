import { Logger } from '@nestjs/common';
import type { AdmitWaitingUsersUseCase } from '../application/admit-waiting-users/admit-waiting-users.use-case';
import type { QueueServiceConfig } from '../../queue-service.config';
import { AdmissionScheduler } from './admission.scheduler';

describe('AdmissionScheduler', () => {
  beforeAll(() => Logger.overrideLogger(false));

  // An api process answers `me` too: its estimator is fed by its own rounds, so it must run them.
  it.each(['api', 'worker', 'all'])('runs admission rounds in a %s process', async (role) => {
    let rounds = 0;
    const admit = { execute: () => Promise.resolve(void rounds++) } as unknown as AdmitWaitingUsersUseCase;
    const config = { QUEUE_ADMISSION_ENABLED: true, QUEUE_ADMIT_INTERVAL_MS: 5, PROCESS_ROLE: role } as unknown as QueueServiceConfig;
    const scheduler = new AdmissionScheduler(admit, config);

    scheduler.onApplicationBootstrap();
    await new Promise((resolve) => setTimeout(resolve, 60));
    await scheduler.onModuleDestroy();

    expect(rounds).toBeGreaterThanOrEqual(2);
  });

  it('runs none when admission is turned off', async () => {
    let rounds = 0;
    const admit = { execute: () => Promise.resolve(void rounds++) } as unknown as AdmitWaitingUsersUseCase;
    const scheduler = new AdmissionScheduler(admit, { QUEUE_ADMISSION_ENABLED: false, QUEUE_ADMIT_INTERVAL_MS: 5 } as unknown as QueueServiceConfig);

    scheduler.onApplicationBootstrap();
    await new Promise((resolve) => setTimeout(resolve, 30));
    await scheduler.onModuleDestroy();

    expect(rounds).toBe(0);
  });
});
