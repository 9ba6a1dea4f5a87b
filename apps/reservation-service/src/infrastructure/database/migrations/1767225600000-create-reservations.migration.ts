import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The reservation schema: holds, and the local copy of the catalog that prices them.
 * Names are unqualified: the data source's search_path is the service schema.
 */
export class CreateReservations1767225600000 implements MigrationInterface {
  name = 'CreateReservations1767225600000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE catalog_schedules (
        schedule_id uuid PRIMARY KEY,
        concert_id  uuid        NOT NULL,
        starts_at   timestamptz NOT NULL,
        created_at  timestamptz NOT NULL DEFAULT now(),
        updated_at  timestamptz NOT NULL DEFAULT now()
      )`);
    await queryRunner.query(`
      CREATE TABLE catalog_seats (
        schedule_id uuid     NOT NULL REFERENCES catalog_schedules (schedule_id) ON DELETE CASCADE,
        seat_no     smallint NOT NULL CHECK (seat_no BETWEEN 1 AND 50),
        price       integer  NOT NULL CHECK (price >= 0),
        -- The per-seat row the pessimistic (FOR UPDATE) and optimistic (version check) hold
        -- strategies coordinate on; the product's unique index does not need it.
        version     integer  NOT NULL DEFAULT 0,
        PRIMARY KEY (schedule_id, seat_no)
      )`);
    await queryRunner.query(`
      CREATE TABLE reservations (
        id          uuid        PRIMARY KEY,
        user_id     uuid        NOT NULL,
        concert_id  uuid        NOT NULL,
        schedule_id uuid        NOT NULL,
        seat_no     smallint    NOT NULL CHECK (seat_no BETWEEN 1 AND 50),
        price       integer     NOT NULL CHECK (price >= 0),
        status      text        NOT NULL CHECK (status IN ('HELD', 'CONFIRMED', 'EXPIRED', 'CANCELLED')),
        expires_at  timestamptz NOT NULL,
        version     integer     NOT NULL CHECK (version >= 1),
        payment_id  uuid        NULL,
        created_at  timestamptz NOT NULL,
        updated_at  timestamptz NOT NULL,
        CONSTRAINT reservations_seat_fk FOREIGN KEY (schedule_id, seat_no) REFERENCES catalog_seats (schedule_id, seat_no),
        CONSTRAINT reservations_paid_iff_confirmed CHECK ((status = 'CONFIRMED') = (payment_id IS NOT NULL))
      )`);
    // THE guarantee: at most one live (HELD or CONFIRMED) reservation per seat, whatever runs above it
    // and however many instances run. An overdue HELD row still counts here: the hold use case flips
    // it to EXPIRED in its own transaction before inserting.
    await queryRunner.query(`
      CREATE UNIQUE INDEX reservations_live_seat_uq ON reservations (schedule_id, seat_no)
        WHERE status IN ('HELD', 'CONFIRMED')`);
    // The sweeper's index: only HELD rows, ordered by expiry; never a scan of the whole table.
    await queryRunner.query(`CREATE INDEX reservations_held_expiry_idx ON reservations (expires_at) WHERE status = 'HELD'`);
    // A user's reservations newest first, and the hold-limit count.
    await queryRunner.query(`CREATE INDEX reservations_user_created_idx ON reservations (user_id, created_at DESC, id DESC)`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE reservations`);
    await queryRunner.query(`DROP TABLE catalog_seats`);
    await queryRunner.query(`DROP TABLE catalog_schedules`);
  }
}
