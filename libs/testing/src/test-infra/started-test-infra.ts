import type { TestInfraProvider } from './provider-choice';

/** The infrastructure a Jest run uses: the variables every test and spawned process reads, and how to stop what was started. */
export interface StartedTestInfra {
  provider: TestInfraProvider;
  env: { DATABASE_URL: string; REDIS_URL: string; KAFKA_BROKERS: string };
  stop(): Promise<void>;
}
