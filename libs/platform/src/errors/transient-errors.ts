import { postgresErrorOf } from '../database/postgres-errors';

/** SQLSTATEs of failures that say nothing about the event: the same work succeeds once they pass. */
const TRANSIENT_SQLSTATE = [
  /^08/, // connection exception
  /^53/, // insufficient resources (too many connections, out of memory, disk full)
  /^40001$/, // serialization failure
  /^40P01$/, // deadlock detected
  /^55P03$/, // lock not available
  /^57014$/, // statement timeout / query canceled
  /^57P0[123]$/, // admin shutdown, crash shutdown, cannot connect now
];
const TRANSIENT_NETWORK_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'EHOSTUNREACH', 'ENETUNREACH', 'EAI_AGAIN']);
/** Messages of pg-pool, pg and ioredis when the connection, not the work, failed. */
const TRANSIENT_MESSAGES = [/timeout exceeded when trying to connect/i, /connection terminated/i, /connection is closed/i, /reached the max retries per request/i, /client has encountered a connection error/i];
/**
 * TypeORM releases a query runner as soon as its pg connection emits 'error' (the server went away
 * under it) and answers every later query on it, or on its EntityManager, with one of these — the
 * same lost connection seen one statement later. (Using a runner the code released itself raises
 * them too, but that bug fails every test that reaches it.)
 */
const TRANSIENT_ERROR_NAMES = new Set(['QueryRunnerAlreadyReleasedError', 'QueryRunnerProviderAlreadyReleasedError']);
const RELEASED_RUNNER_MESSAGES = [/query runner already released/i, /connection provided by a query runner was already released/i];

/**
 * Whether a handler failed because of its infrastructure (a database or Redis connection, a
 * deadlock, a timeout) rather than because of the event: such a failure is retried for as long as
 * it lasts instead of counting towards parking the event.
 */
export function isTransientFailure(error: unknown): boolean {
  const { code } = postgresErrorOf(error);
  if (code && TRANSIENT_SQLSTATE.some((pattern) => pattern.test(code))) return true;
  if (code && TRANSIENT_NETWORK_CODES.has(code)) return true;
  if (error instanceof Error && TRANSIENT_ERROR_NAMES.has(error.name)) return true;
  const message = error instanceof Error ? error.message : String(error);
  return TRANSIENT_MESSAGES.some((pattern) => pattern.test(message)) || RELEASED_RUNNER_MESSAGES.some((pattern) => pattern.test(message));
}
