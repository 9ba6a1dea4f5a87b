import type { DataSource } from 'typeorm';
import { backgroundQuery, backgroundTransaction } from '../../database/background-connections';
import { quoteIdent, schemaOf } from '../persistence/schema';
import type { OutboxBatch, OutboxFailure, OutboxRecord, OutboxStore } from './outbox-store';

interface OutboxRow {
  id: string;
  topic: string;
  message_key: string;
  payload: unknown;
  headers: Record<string, string> | null;
  created_at: Date;
  attempts: number;
}

/** The relay's side of the outbox table, on the connections kept for background work (ADR 0010). */
export class PostgresOutboxStore implements OutboxStore {
  private readonly table: string;

  constructor(private readonly dataSource: DataSource) {
    this.table = `${quoteIdent(schemaOf(dataSource))}.outbox`;
  }

  withDueBatch<T>(limit: number, work: (batch: OutboxBatch) => Promise<T>): Promise<T> {
    return backgroundTransaction(this.dataSource, async (manager) => {
      // Uses the partial pending index; SKIP LOCKED lets several relays share the table.
      const rows: OutboxRow[] = await manager.query(
        `SELECT id, topic, message_key, payload, headers, created_at, attempts
           FROM ${this.table}
          WHERE sent_at IS NULL AND parked_at IS NULL AND available_at <= now()
          ORDER BY created_at
          LIMIT $1
          FOR UPDATE SKIP LOCKED`,
        [limit],
      );
      const records: OutboxRecord[] = rows.map((row) => ({
        id: row.id,
        topic: row.topic,
        key: row.message_key,
        payload: row.payload,
        headers: row.headers ?? {},
        createdAt: row.created_at,
        attempts: row.attempts,
      }));
      return work({
        records,
        markSent: async (ids) => {
          await manager.query(`UPDATE ${this.table} SET sent_at = now(), last_error = NULL WHERE id = ANY($1::uuid[])`, [ids]);
        },
        markFailed: async (failures: OutboxFailure[]) => {
          await manager.query(
            `UPDATE ${this.table} AS o
                SET attempts = f.attempts,
                    last_error = f.error,
                    available_at = now() + f.delay_ms * interval '1 millisecond',
                    parked_at = CASE WHEN f.park THEN now() END
               FROM unnest($1::uuid[], $2::int[], $3::int[], $4::bool[], $5::text[]) AS f(id, attempts, delay_ms, park, error)
              WHERE o.id = f.id`,
            [
              failures.map((f) => f.id),
              failures.map((f) => f.attempts),
              failures.map((f) => Math.round(f.retryInMs)),
              failures.map((f) => f.park),
              failures.map((f) => f.error),
            ],
          );
        },
      });
    });
  }

  async deleteSent(olderThanHours: number, limit: number): Promise<number> {
    // TypeORM answers [rows, rowCount] for a DELETE on postgres.
    const [, count] = await backgroundQuery<[unknown[], number]>(
      this.dataSource,
      `WITH doomed AS (
         SELECT id FROM ${this.table}
          WHERE sent_at IS NOT NULL AND sent_at < now() - make_interval(hours => $1)
          ORDER BY sent_at LIMIT $2
          FOR UPDATE SKIP LOCKED
       )
       DELETE FROM ${this.table} AS o USING doomed WHERE o.id = doomed.id`,
      [olderThanHours, limit],
    );
    return count;
  }

  async countUnsent(): Promise<{ pending: number; parked: number }> {
    const [row] = await backgroundQuery<Array<{ pending: number; parked: number }>>(
      this.dataSource,
      // Each count matches a partial index exactly (outbox_pending_idx, outbox_parked_idx): the
      // sent history, however long, is never read.
      `SELECT (SELECT count(*) FROM ${this.table} WHERE sent_at IS NULL AND parked_at IS NULL)::int AS pending,
              (SELECT count(*) FROM ${this.table} WHERE parked_at IS NOT NULL AND sent_at IS NULL)::int AS parked`,
    );
    return { pending: row?.pending ?? 0, parked: row?.parked ?? 0 };
  }
}
