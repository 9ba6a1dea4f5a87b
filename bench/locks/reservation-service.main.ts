/**
 * reservation-service as the lock benchmark runs it: the service's own modules and start-up, with
 * the hold strategy under test plugged in (BENCH_HOLD_STRATEGY, bench/locks/strategies/) and, with
 * BENCH_HOLD_EARLY_REFUSAL=false, every hold sent through it. The service itself has no such
 * switch: it always runs on-conflict and refuses an occupied seat from the first read.
 */
import 'reflect-metadata';
import { loadConfig, startHttpApp, startSagaConsumers } from '@concert/platform';
import { AppModule } from '../../apps/reservation-service/src/app.module';
import { reservationServiceConfigSchema } from '../../apps/reservation-service/src/reservation-service.config';
import { createHoldStrategy, HOLD_STRATEGY_NAMES, isHoldStrategyName } from './strategies/hold-strategy.factory';

async function main(): Promise<void> {
  const name = process.env['BENCH_HOLD_STRATEGY'] ?? 'on-conflict';
  if (!isHoldStrategyName(name)) throw new Error(`BENCH_HOLD_STRATEGY must be one of ${HOLD_STRATEGY_NAMES.join(', ')}`);
  const config = loadConfig(reservationServiceConfigSchema);
  if (config.NODE_ENV === 'production') throw new Error('the lock benchmark build of reservation-service does not run with NODE_ENV=production');
  const app = await startHttpApp(
    AppModule.forRoot(config, { holdStrategy: createHoldStrategy(name), refuseOccupiedEarly: process.env['BENCH_HOLD_EARLY_REFUSAL'] !== 'false' }),
    { service: 'reservation-service', port: config.PORT, host: config.HOST },
  );
  await startSagaConsumers(app);
}

main().catch((error: unknown) => {
  process.stderr.write(`reservation-service (lock benchmark) failed to start: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});
