import type { EntityManager } from 'typeorm';
import type { IdempotencyKeyRepository } from '../application/idempotency-key.repository';
import type { IdempotencyRecord, IdempotencyScope, IdempotentEndpoint, StoredResponse } from '../domain/idempotency-record';
import { queryRows } from '../../shared/infrastructure/sql';

export class TypeOrmIdempotencyKeyRepository implements IdempotencyKeyRepository {
  constructor(private readonly manager: EntityManager) {}

  async tryInsert(record: IdempotencyRecord): Promise<boolean> {
    const rows = await queryRows(
      this.manager,
      `INSERT INTO idempotency_keys
         (user_id, endpoint, key, request_hash, status, owner_id, response_status, response_body, created_at, locked_at, expires_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8::jsonb, $9, $9, $10)
       ON CONFLICT (user_id, endpoint, key) DO NOTHING
       RETURNING owner_id`,
      [...scopeParams(record), record.requestHash, record.status, record.ownerId, ...responseParams(record), record.lockedAt, record.expiresAt],
    );
    return rows.length === 1;
  }

  async find(scope: IdempotencyScope): Promise<IdempotencyRecord | null> {
    const rows = await queryRows<KeyRow>(
      this.manager,
      `SELECT user_id, endpoint, key, request_hash, status, owner_id, response_status, response_body, locked_at, expires_at
       FROM idempotency_keys WHERE user_id = $1 AND endpoint = $2 AND key = $3`,
      scopeParams(scope),
    );
    return rows[0] ? fromRow(rows[0]) : null;
  }

  async replace(seen: Pick<IdempotencyRecord, 'ownerId' | 'status'>, next: IdempotencyRecord): Promise<boolean> {
    const rows = await queryRows(
      this.manager,
      `UPDATE idempotency_keys
       SET request_hash = $4, status = $5, owner_id = $6, response_status = $7, response_body = $8::jsonb,
           created_at = $9, locked_at = $9, expires_at = $10
       WHERE user_id = $1 AND endpoint = $2 AND key = $3 AND owner_id = $11 AND status = $12
       RETURNING owner_id`,
      [
        ...scopeParams(next),
        next.requestHash,
        next.status,
        next.ownerId,
        ...responseParams(next),
        next.lockedAt,
        next.expiresAt,
        seen.ownerId,
        seen.status,
      ],
    );
    return rows.length === 1;
  }

  async complete(scope: IdempotencyScope, ownerId: string, response: StoredResponse): Promise<boolean> {
    const rows = await queryRows(
      this.manager,
      `UPDATE idempotency_keys SET status = 'COMPLETED', response_status = $5, response_body = $6::jsonb
       WHERE user_id = $1 AND endpoint = $2 AND key = $3 AND owner_id = $4 AND status = 'IN_PROGRESS'
       RETURNING owner_id`,
      [...scopeParams(scope), ownerId, response.status, JSON.stringify(response.body)],
    );
    return rows.length === 1;
  }

  async release(scope: IdempotencyScope, ownerId: string): Promise<void> {
    await queryRows(
      this.manager,
      `DELETE FROM idempotency_keys WHERE user_id = $1 AND endpoint = $2 AND key = $3 AND owner_id = $4 AND status = 'IN_PROGRESS'`,
      [...scopeParams(scope), ownerId],
    );
  }

  async deleteExpired(now: Date, limit: number): Promise<number> {
    const rows = await queryRows(
      this.manager,
      `DELETE FROM idempotency_keys WHERE ctid IN (
         SELECT ctid FROM idempotency_keys WHERE expires_at <= $1 LIMIT $2 FOR UPDATE SKIP LOCKED
       ) RETURNING 1`,
      [now, limit],
    );
    return rows.length;
  }
}

interface KeyRow {
  user_id: string;
  endpoint: IdempotentEndpoint;
  key: string;
  request_hash: string;
  status: 'IN_PROGRESS' | 'COMPLETED';
  owner_id: string;
  response_status: number | null;
  response_body: unknown;
  locked_at: Date;
  expires_at: Date;
}

function scopeParams(scope: IdempotencyScope): [string, string, string] {
  return [scope.userId, scope.endpoint, scope.key];
}

function responseParams(record: IdempotencyRecord): [number | null, string | null] {
  return record.status === 'COMPLETED' ? [record.response.status, JSON.stringify(record.response.body)] : [null, null];
}

function fromRow(row: KeyRow): IdempotencyRecord {
  const base = {
    userId: row.user_id,
    endpoint: row.endpoint,
    key: row.key,
    requestHash: row.request_hash,
    ownerId: row.owner_id,
    lockedAt: row.locked_at,
    expiresAt: row.expires_at,
  };
  if (row.status === 'COMPLETED') {
    if (row.response_status === null) throw new Error('Completed idempotency key without a response');
    return { ...base, status: 'COMPLETED', response: { status: row.response_status, body: row.response_body } };
  }
  return { ...base, status: 'IN_PROGRESS', response: null };
}
