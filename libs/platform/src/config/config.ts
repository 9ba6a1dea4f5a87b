import { z } from 'zod';
import { DEV_INTERNAL_ASSERTION_KEY } from '../identity/caller-assertion';
import { productionProblems } from './production-safety';

/** Raised at start-up when the environment does not satisfy a service's configuration schema. */
export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n  - ${problems.join('\n  - ')}`);
    this.name = 'ConfigError';
  }
}

/**
 * Parses the environment against a schema and fails fast, naming every variable that is missing
 * or malformed. This is the only place that reads `process.env`.
 */
export function loadConfig<S extends z.ZodTypeAny>(schema: S, env: NodeJS.ProcessEnv = process.env): z.infer<S> {
  const result = schema.safeParse(env);
  if (!result.success) {
    throw new ConfigError(result.error.issues.map((issue) => `${issue.path.join('.') || '(root)'}: ${issue.message}`));
  }
  const problems = productionProblems(result.data as Record<string, unknown>);
  if (problems.length > 0) throw new ConfigError(problems);
  return result.data as z.infer<S>;
}

/** Helpers for environment variables: every value arrives as a string. */
export const env = {
  int: (fallback: number, { min = 0, max = Number.MAX_SAFE_INTEGER }: { min?: number; max?: number } = {}) =>
    z
      .string()
      .trim()
      .regex(/^-?\d+$/, 'must be an integer')
      .transform(Number)
      .pipe(z.number().int().min(min).max(max))
      .default(String(fallback)),
  port: (fallback: number) => env.int(fallback, { min: 0, max: 65535 }),
  url: (fallback: string, protocols: string[]) =>
    z
      .string()
      .trim()
      .min(1, 'must not be empty')
      .refine((value) => {
        try {
          return protocols.includes(new URL(value).protocol.replace(':', ''));
        } catch {
          return false;
        }
      }, `must be a ${protocols.join(' or ')} URL`)
      .default(fallback),
  /** A comma-separated list with at least one entry (an empty value is an error, not a default). */
  list: (fallback: string) =>
    z
      .string()
      .default(fallback)
      .transform((value) =>
        value
          .split(',')
          .map((item) => item.trim())
          .filter((item) => item.length > 0),
      )
      .pipe(z.array(z.string()).min(1, 'must name at least one entry')),
  string: (fallback: string) => z.string().trim().min(1, 'must not be empty').default(fallback),
  optionalString: () =>
    z
      .string()
      .trim()
      .optional()
      .transform((value) => (value === undefined || value === '' ? undefined : value)),
  /** A URL that may be absent (an empty value counts as absent). */
  optionalUrl: (protocols: string[]) =>
    z
      .string()
      .trim()
      .optional()
      .transform((value) => (value === undefined || value === '' ? undefined : value))
      .refine((value) => {
        if (value === undefined) return true;
        try {
          return protocols.includes(new URL(value).protocol.replace(':', ''));
        } catch {
          return false;
        }
      }, `must be a ${protocols.join(' or ')} URL`),
  /** A comma list that may be absent or empty (unlike `list`, which needs one entry). */
  optionalList: () =>
    z
      .string()
      .optional()
      .transform((value) =>
        (value ?? '')
          .split(',')
          .map((item) => item.trim())
          .filter((item) => item.length > 0),
      ),
  bool: (fallback: boolean) =>
    z
      .enum(['true', 'false', '1', '0'])
      .default(fallback ? 'true' : 'false')
      .transform((value) => value === 'true' || value === '1'),
  logLevel: () => z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
};

const SYSTEM_ID_FORMAT = /^[A-Za-z0-9._:-]{1,128}$/;

/** Settings every backend process shares. */
export const baseConfigSchema = z.object({
  NODE_ENV: z.enum(['development', 'test', 'production']).default('development'),
  LOG_LEVEL: env.logLevel(),
  HOST: env.string('127.0.0.1'),
  INSTANCE_ID: env.string(`${process.pid}`),
  /**
   * What this process runs: `api` serves requests only; `worker` runs the background work — outbox
   * relay, event consumers, schedulers — and serves nothing but health and metrics to anyone who
   * routes to it; `all` does both (docs/adr/0011-api-and-worker-processes.md).
   */
  PROCESS_ROLE: z.enum(['all', 'api', 'worker']).default('all'),
  /**
   * Signs (gateway, internal calls) and verifies (every service) the caller assertion
   * (identity/caller-assertion.ts); INTERNAL_ASSERTION_KEYS lists older keys still accepted.
   */
  INTERNAL_ASSERTION_KEY: env.string(DEV_INTERNAL_ASSERTION_KEY),
  INTERNAL_ASSERTION_KEYS: env.optionalList(),
  /**
   * Which start of the system this process belongs to (npm start sets a fresh random one; compose
   * or Kubernetes may set their own). When set, every HTTP answer carries it (x-system-id), and the
   * gateway treats an upstream answering without it, or with another, as a failed upstream: a
   * stranger holding the port, such as an orphan of an earlier start.
   */
  SYSTEM_ID: env
    .optionalString()
    .refine((value) => value === undefined || SYSTEM_ID_FORMAT.test(value), 'must be 1 to 128 letters, digits or . _ : - (it is sent as a header)'),
});

/** Every key an assertion may be signed with: INTERNAL_ASSERTION_KEY first (it signs), then the older ones. */
export function assertionKeysOf(config: Pick<BaseConfig, 'INTERNAL_ASSERTION_KEY' | 'INTERNAL_ASSERTION_KEYS'>): string[] {
  return [...new Set([config.INTERNAL_ASSERTION_KEY, ...config.INTERNAL_ASSERTION_KEYS])];
}

export const databaseConfigSchema = z.object({
  DATABASE_URL: env.url('postgres://postgres@127.0.0.1:5432/concert_reservation', ['postgres', 'postgresql']),
  DATABASE_POOL_SIZE: env.int(10, { min: 1, max: 200 }),
  /**
   * Connections of the pool that requests leave to the outbox relay and the event consumers
   * (background-connections.ts); 0 shares the whole pool first come, first served.
   */
  DATABASE_BACKGROUND_CONNECTIONS: env.int(3, { min: 0, max: 199 }),
});

export const redisConfigSchema = z.object({
  REDIS_URL: env.url('redis://127.0.0.1:6379', ['redis', 'rediss']),
  REDIS_KEY_PREFIX: z.string().default(''),
});

export const kafkaConfigSchema = z.object({
  KAFKA_BROKERS: env.list('127.0.0.1:9092'),
  KAFKA_CLIENT_ID: env.string('concert-reservation'),
  /** Prepended to every topic name; lets tests share a broker without sharing topics. */
  KAFKA_TOPIC_PREFIX: z.string().default(''),
});

export type BaseConfig = z.infer<typeof baseConfigSchema>;
export type ProcessRole = BaseConfig['PROCESS_ROLE'];

/**
 * Whether this process runs background work (relay, consumers, schedulers): every role but `api`.
 * A config object without PROCESS_ROLE (a test module's) counts as `all`.
 */
export function runsBackgroundWork(config: object): boolean {
  return (config as { PROCESS_ROLE?: ProcessRole }).PROCESS_ROLE !== 'api';
}
export type DatabaseConfig = z.infer<typeof databaseConfigSchema>;
export type RedisConfig = z.infer<typeof redisConfigSchema>;
export type KafkaConfig = z.infer<typeof kafkaConfigSchema>;
