/** One parameterised SQL statement ($1, $2, … numbered from 1). */
export interface SqlStatement {
  sql: string;
  parameters: unknown[];
}

/** A write whose result nothing reads; `describeError` may turn the database error into a domain error. */
export interface DeferredWrite extends SqlStatement {
  describeError?: (error: unknown) => Error | undefined;
}

/**
 * The writes of one transaction whose results nothing reads, held back and sent together: as one
 * statement of data-modifying WITH parts, just before the transaction's next statement or its
 * commit. Every round trip inside a transaction holds its row locks a
 * little longer and, on a busy machine, waits for the process to be scheduled twice; a payment
 * writes four rows with nothing to learn from any of them.
 *
 * The parts of one statement all see the snapshot from before it and run in no defined order, so
 * a deferred write must not depend on the effect of another one held back with it, and no two may
 * change the same row. Writes that do, and writes whose result is needed, run on their own.
 */
export class DeferredWrites {
  private pending: DeferredWrite[] = [];
  private readonly channels = new Set<string>();

  get size(): number {
    return this.pending.length;
  }

  add(write: DeferredWrite): void {
    this.pending.push(write);
  }

  /** A NOTIFY on `channel` with the next flush (delivered at commit, as any NOTIFY). */
  notifyWith(channel: string): void {
    this.channels.add(channel);
  }

  /** Sends what is held back, if anything, through `run`; a failure goes through the writes' `describeError`. */
  async flush(run: (statement: SqlStatement) => Promise<unknown>): Promise<void> {
    if (this.pending.length === 0) return;
    const writes = this.pending;
    const statement = combineWrites(writes, [...this.channels]);
    this.pending = [];
    this.channels.clear();
    try {
      await run(statement);
    } catch (error) {
      for (const write of writes) {
        const described = write.describeError?.(error);
        if (described) throw described;
      }
      throw error;
    }
  }
}

/**
 * One statement doing every write (each a WITH part, its parameters renumbered after the ones
 * before it) and then a `pg_notify` per channel. A single write without notifications is sent as
 * it is.
 */
export function combineWrites(writes: readonly SqlStatement[], notifyChannels: readonly string[] = []): SqlStatement {
  const [only] = writes;
  if (writes.length === 1 && only && notifyChannels.length === 0) return only;
  const parameters: unknown[] = [];
  const parts = writes.map((write, index) => {
    const quoted = write.sql.match(/'(?:[^']|'')*'/g) ?? [];
    if (write.sql.includes('$$') || quoted.some((literal) => literal.includes('$'))) {
      throw new Error('A deferred write may not hold $ inside quotes: its parameters are renumbered');
    }
    const offset = parameters.length;
    parameters.push(...write.parameters);
    return `w${index + 1} AS (${write.sql.replace(/\$(\d+)/g, (_, n: string) => `$${Number(n) + offset}`)})`;
  });
  const notifications = notifyChannels.map((channel) => {
    parameters.push(channel);
    return `pg_notify($${parameters.length}, '')`;
  });
  const select = notifications.length > 0 ? notifications.join(', ') : '1';
  return { sql: `WITH ${parts.join(',\n')}\nSELECT ${select}`, parameters };
}
