/**
 * Values kept for this browser tab only (sessionStorage): they survive a reload, never outlive the
 * tab and are never shared with another tab. Unreadable or unavailable storage reads as absent.
 */
export class SessionStore<T> {
  constructor(private readonly key: string) {}

  read(): T | undefined {
    try {
      const stored = sessionStorage.getItem(this.key);
      return stored === null ? undefined : (JSON.parse(stored) as T);
    } catch {
      return undefined;
    }
  }

  write(value: T | undefined): void {
    try {
      if (value === undefined) sessionStorage.removeItem(this.key);
      else sessionStorage.setItem(this.key, JSON.stringify(value));
    } catch {
      // Storage full or refused (private mode): the value lives in memory only.
    }
  }
}
