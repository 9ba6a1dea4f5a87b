import type { EntityManager } from 'typeorm';
import type { ReservationReplicaRepository } from '../application/reservation-replica.repository';
import { ReservationReplica, type ReplicaStatus } from '../domain/reservation-replica';
import { queryRows, writeLater } from '../../shared/infrastructure/sql';
import { ReservationReplicaOrmEntity } from './reservation-replica.orm-entity';

export class TypeOrmReservationReplicaRepository implements ReservationReplicaRepository {
  constructor(private readonly manager: EntityManager) {}

  async find(reservationId: string): Promise<ReservationReplica | null> {
    const row = await this.manager.getRepository(ReservationReplicaOrmEntity).findOneBy({ id: reservationId });
    return row
      ? ReservationReplica.restore({
          id: row.id,
          userId: row.userId,
          concertId: row.concertId,
          amount: row.amount,
          expiresAt: row.expiresAt,
          status: row.status,
          version: row.version,
        })
      : null;
  }

  async lock(reservationId: string): Promise<ReservationReplica | null> {
    const rows = await queryRows<ReplicaRow>(
      this.manager,
      `SELECT id, user_id, concert_id, amount, expires_at, status, version FROM reservation_replicas WHERE id = $1 FOR UPDATE`,
      [reservationId],
    );
    const [row] = rows;
    return row
      ? ReservationReplica.restore({
          id: row.id,
          userId: row.user_id,
          concertId: row.concert_id,
          amount: row.amount === null ? null : Number(row.amount),
          expiresAt: row.expires_at,
          status: row.status,
          version: row.version,
        })
      : null;
  }

  async insertIfAbsent(replica: ReservationReplica): Promise<boolean> {
    const r = replica.toProps();
    const rows = await queryRows(
      this.manager,
      `INSERT INTO reservation_replicas (id, user_id, concert_id, amount, expires_at, status, version, updated_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, now())
       ON CONFLICT (id) DO NOTHING
       RETURNING id`,
      [r.id, r.userId, r.concertId, r.amount, r.expiresAt, r.status, r.version],
    );
    return rows.length === 1;
  }

  async save(replica: ReservationReplica): Promise<void> {
    const r = replica.toProps();
    await writeLater(this.manager, {
      sql: `UPDATE reservation_replicas SET user_id = $2, concert_id = $3, amount = $4, expires_at = $5, status = $6, version = $7, updated_at = now() WHERE id = $1`,
      parameters: [r.id, r.userId, r.concertId, r.amount, r.expiresAt, r.status, r.version],
    });
  }
}

interface ReplicaRow {
  id: string;
  user_id: string;
  concert_id: string | null;
  amount: string | null;
  expires_at: Date | null;
  status: ReplicaStatus;
  version: number;
}
