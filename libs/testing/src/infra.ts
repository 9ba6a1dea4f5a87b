/** Where the local test infrastructure listens unless DATABASE_URL, REDIS_URL or KAFKA_BROKERS say otherwise. */
export const LOCAL_TEST_INFRA = {
  DATABASE_URL: 'postgres://postgres@127.0.0.1:5432/concert_reservation',
  REDIS_URL: 'redis://127.0.0.1:6379',
  KAFKA_BROKERS: '127.0.0.1:9092',
} as const;

/** Where the test infrastructure is; the same variables the services read. */
export const testInfra = {
  databaseUrl: process.env['DATABASE_URL'] ?? LOCAL_TEST_INFRA.DATABASE_URL,
  redisUrl: process.env['REDIS_URL'] ?? LOCAL_TEST_INFRA.REDIS_URL,
  kafkaBrokers: (process.env['KAFKA_BROKERS'] ?? LOCAL_TEST_INFRA.KAFKA_BROKERS).split(',').map((broker) => broker.trim()),
};
