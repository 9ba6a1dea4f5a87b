export interface WaitForOptions {
  timeoutMs?: number;
  intervalMs?: number;
  /** Named in the timeout error. */
  description?: string;
}

/**
 * Polls `fn` until it neither throws nor returns `false`, and resolves with its result (use
 * jest `expect`s inside). On timeout, rejects with the last failure.
 */
export async function waitFor<T>(fn: () => T | Promise<T>, { timeoutMs = 10_000, intervalMs = 100, description }: WaitForOptions = {}): Promise<Exclude<T, false>> {
  const deadline = Date.now() + timeoutMs;
  let lastError: unknown;
  for (;;) {
    try {
      const result = await fn();
      if (result !== false) return result as Exclude<T, false>;
      lastError = new Error('condition returned false');
    } catch (error) {
      lastError = error;
    }
    if (Date.now() >= deadline) {
      const reason = lastError instanceof Error ? lastError.message : String(lastError);
      const error = new Error(`waitFor${description ? ` (${description})` : ''} timed out after ${timeoutMs} ms: ${reason}`);
      if (lastError instanceof Error) error.stack = `${error.message}\n--- last failure ---\n${lastError.stack ?? ''}`;
      throw error;
    }
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
  }
}
