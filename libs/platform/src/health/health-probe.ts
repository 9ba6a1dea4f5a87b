/** One dependency /health checks. `check` rejects (or times out) when the dependency is down. */
export interface HealthProbe {
  readonly name: string;
  check(): Promise<void>;
}

export const HEALTH_PROBES = Symbol('HEALTH_PROBES');

export function withTimeout<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} did not answer within ${ms} ms`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

/** Whether /health answers up/down only (the public entry), keeping the probes' error text for the log. */
export const HEALTH_PUBLIC_ANSWER = Symbol('HEALTH_PUBLIC_ANSWER');
