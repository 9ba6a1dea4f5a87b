import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The concert of each replicated reservation, so a payment made with a queue token of another
 * concert's waiting room is refused (403 QUEUE_TOKEN_WRONG_ROOM). Every reservation event and
 * reservation-service's internal read carry it; a replica stored before this migration keeps
 * NULL until the next event about it (a live hold lasts minutes). Nullable without a default:
 * adding it rewrites no row.
 */
export class AddReservationReplicaConcert1796601600000 implements MigrationInterface {
  name = 'AddReservationReplicaConcert1796601600000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE reservation_replicas ADD COLUMN concert_id uuid`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE reservation_replicas DROP COLUMN concert_id`);
  }
}
