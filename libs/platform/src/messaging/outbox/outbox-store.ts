/** One claimed outbox row. */
export interface OutboxRecord {
  id: string;
  topic: string;
  key: string;
  payload: unknown;
  headers: Record<string, string>;
  createdAt: Date;
  /** Failed publish attempts so far. */
  attempts: number;
}

export interface OutboxFailure {
  id: string;
  /** The new attempt count. */
  attempts: number;
  /** When not parked: the row becomes due again after this delay. */
  retryInMs: number;
  park: boolean;
  error: string;
}

/** Rows claimed by one relay; they stay locked (invisible to other relays) until the work resolves. */
export interface OutboxBatch {
  readonly records: OutboxRecord[];
  markSent(ids: string[]): Promise<void>;
  markFailed(failures: OutboxFailure[]): Promise<void>;
}

/** The outbox table as the relay needs it. */
export interface OutboxStore {
  /** Claims up to `limit` due rows (oldest first, skipping rows other relays hold) and runs `work` in that transaction. */
  withDueBatch<T>(limit: number, work: (batch: OutboxBatch) => Promise<T>): Promise<T>;
  /** Deletes up to `limit` rows sent before `olderThanHours`; returns how many. */
  deleteSent(olderThanHours: number, limit: number): Promise<number>;
  countUnsent(): Promise<{ pending: number; parked: number }>;
}
