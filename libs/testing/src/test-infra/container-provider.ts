import * as path from 'node:path';
import { KafkaContainer, type StartedKafkaContainer } from '@testcontainers/kafka';
import { PostgreSqlContainer, type StartedPostgreSqlContainer } from '@testcontainers/postgresql';
import { RedisContainer, type StartedRedisContainer } from '@testcontainers/redis';
import type { StartedTestInfra } from './started-test-infra';

/** Pinned images: the Postgres major the project runs, Redis 7, and Kafka in KRaft mode. */
export const TEST_CONTAINER_IMAGES = {
  postgres: 'postgres:16-alpine',
  redis: 'redis:7.4-alpine',
  kafka: 'confluentinc/cp-kafka:7.9.0',
} as const;

/** Inside the Redis container: the project's configuration (AOF, noeviction), as scripts/infra and compose use it. */
const REDIS_CONF_IN_CONTAINER = '/usr/local/etc/redis/redis.conf';

/**
 * Postgres, Redis (with config/redis/redis.conf) and a KRaft Kafka from testcontainers, each
 * started once for the Jest run; the URLs are what the tests and the processes they spawn read
 * (DATABASE_URL, REDIS_URL, KAFKA_BROKERS). Only where a Docker engine runs.
 */
export async function startTestContainers(repoRoot: string): Promise<StartedTestInfra> {
  const [postgres, redis, kafka] = await Promise.all([
    new PostgreSqlContainer(TEST_CONTAINER_IMAGES.postgres).withDatabase('concert_reservation').withUsername('postgres').withPassword('postgres').start(),
    new RedisContainer(TEST_CONTAINER_IMAGES.redis)
      .withCopyFilesToContainer([{ source: path.join(repoRoot, 'config', 'redis', 'redis.conf'), target: REDIS_CONF_IN_CONTAINER }])
      .withCommand(['redis-server', REDIS_CONF_IN_CONTAINER])
      .start(),
    new KafkaContainer(TEST_CONTAINER_IMAGES.kafka).withKraft().start(),
  ]);
  return containersAsInfra(postgres, redis, kafka);
}

function containersAsInfra(postgres: StartedPostgreSqlContainer, redis: StartedRedisContainer, kafka: StartedKafkaContainer): StartedTestInfra {
  return {
    provider: 'containers',
    env: {
      DATABASE_URL: postgres.getConnectionUri(),
      REDIS_URL: redis.getConnectionUrl(),
      KAFKA_BROKERS: `${kafka.getHost()}:${kafka.getMappedPort(9093)}`,
    },
    async stop() {
      await Promise.all([postgres.stop(), redis.stop(), kafka.stop()]);
    },
  };
}
