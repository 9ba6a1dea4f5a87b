/** An upstream answer as the gateway relays it. */
export interface RelayedAnswer {
  statusCode: number;
  headers: Record<string, string | string[]>;
  body: Buffer;
}

interface Entry {
  answer: RelayedAnswer;
  expiresAt: number;
}

/**
 * A very short-lived copy of answers that are the same for every caller (the bookable dates and
 * seat maps every admitted buyer reads). Within `ttlMs`, repeated and concurrent GETs of one URL
 * share one upstream call (single flight); only 200 answers are kept. The copy adds at most `ttlMs`
 * to how long concert-service's own event-invalidated cache may lag a reservation, which keeps the
 * catalog inside its 1 s convergence bound. `ttlMs` 0 turns it off.
 */
export class ResponseMicroCache {
  private readonly entries = new Map<string, Entry>();
  private readonly loading = new Map<string, Promise<RelayedAnswer>>();

  constructor(
    private readonly ttlMs: number,
    private readonly maxEntries = 10_000,
    private readonly now: () => number = () => performance.now(),
  ) {}

  get enabled(): boolean {
    return this.ttlMs > 0;
  }

  /** The fresh copy of `key`, or the answer of `load` (shared with concurrent callers), kept if 200. */
  async through(key: string, load: () => Promise<RelayedAnswer>): Promise<RelayedAnswer> {
    if (!this.enabled) return load();
    const entry = this.entries.get(key);
    if (entry && entry.expiresAt > this.now()) return entry.answer;
    const pending = this.loading.get(key);
    if (pending) return pending;
    const loaded = load().then(
      (answer) => {
        this.loading.delete(key);
        if (answer.statusCode === 200) this.store(key, answer);
        return answer;
      },
      (error: unknown) => {
        this.loading.delete(key);
        throw error;
      },
    );
    this.loading.set(key, loaded);
    return loaded;
  }

  private store(key: string, answer: RelayedAnswer): void {
    // Re-inserting moves the key to the end: the Map's first key is the oldest one.
    this.entries.delete(key);
    this.entries.set(key, { answer, expiresAt: this.now() + this.ttlMs });
    if (this.entries.size > this.maxEntries) {
      const oldest = this.entries.keys().next().value;
      if (oldest !== undefined) this.entries.delete(oldest);
    }
  }
}
