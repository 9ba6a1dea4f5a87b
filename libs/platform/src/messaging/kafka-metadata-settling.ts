import { backoffDelay, sleep } from './backoff';

/**
 * Answers a broker gives while its view of a topic is still catching up: right after the topic
 * was created (KRaft propagates new metadata to the broker asynchronously) or while a partition
 * changes leader. They pass on their own within moments, so the caller waits instead of failing.
 */
const SETTLING_ERROR_TYPES = new Set(['UNKNOWN_TOPIC_OR_PARTITION', 'LEADER_NOT_AVAILABLE', 'NOT_LEADER_FOR_PARTITION', 'NOT_LEADER_OR_FOLLOWER']);

/** The broker-side error type of a kafkajs error, looking through the wrappers kafkajs puts around it. */
function errorTypeOf(error: unknown): string | undefined {
  let current: unknown = error;
  for (let depth = 0; depth < 5 && current instanceof Error; depth += 1) {
    const type = (current as { type?: unknown }).type;
    if (typeof type === 'string') return type;
    current = (current as { originalError?: unknown }).originalError ?? (current as { cause?: unknown }).cause;
  }
  return undefined;
}

export function isMetadataSettlingError(error: unknown): boolean {
  const type = errorTypeOf(error);
  return type !== undefined && SETTLING_ERROR_TYPES.has(type);
}

export interface SettlingOptions {
  /** Give up (rethrow the last error) once this much time has passed. */
  deadlineMs: number;
  baseDelayMs?: number;
  maxDelayMs?: number;
  now?: () => number;
  wait?: (ms: number) => Promise<void>;
}

/**
 * Runs `attempt` until it resolves, retrying with backoff while it fails with a metadata-settling
 * error and the deadline has not passed. Any other error surfaces at once.
 */
export async function whileMetadataSettles<T>(attempt: () => Promise<T>, options: SettlingOptions): Promise<T> {
  const now = options.now ?? Date.now;
  const wait = options.wait ?? sleep;
  const backoff = { baseMs: options.baseDelayMs ?? 100, maxMs: options.maxDelayMs ?? 1_000 };
  const deadline = now() + options.deadlineMs;
  for (let failures = 1; ; failures += 1) {
    try {
      return await attempt();
    } catch (error) {
      if (!isMetadataSettlingError(error) || now() >= deadline) throw error;
      await wait(Math.min(backoffDelay(failures, backoff), Math.max(0, deadline - now())));
    }
  }
}

/** Raised while a topic's partitions exist but some have no leader yet: retried like the broker's own answer. */
export class LeaderNotAvailableYet extends Error {
  readonly type = 'LEADER_NOT_AVAILABLE';

  constructor(topic: string, partitions: number[]) {
    super(`Topic ${topic}: no leader yet for partition(s) ${partitions.join(', ')}`);
    this.name = 'LeaderNotAvailableYet';
  }
}
