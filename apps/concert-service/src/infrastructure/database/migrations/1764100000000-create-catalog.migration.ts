import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The catalog (concerts, schedules, seats with prices) and the seat-availability view kept from
 * reservation events. Unqualified names: the data source's search_path is the `concert` schema.
 *
 * Index choices (measured in docs/db-index.md):
 * - schedules (concert_id, starts_at) UNIQUE: the bookable-dates query (equality on the concert,
 *   range on the start) and the rule "one concert never has two schedules at the same instant".
 * - seats PRIMARY KEY (schedule_id, seat_no): the seat-map read (one range, already ordered), the
 *   per-seat lock of the event handler, and the foreign key of seat_reservations.
 * - seat_reservations (schedule_id, seat_no) WHERE phase <> 'RELEASED': the live reservations of
 *   one seat, which the handler reads on every event; released rows (the vast majority over time)
 *   stay out of it.
 * No index on available_seats / status / version: those columns change on every event, and
 * leaving them unindexed keeps those updates HOT (fillfactor leaves room on the page; concerts is
 * small and its few hot rows are updated on most events, so it gets half of each page).
 */
export class CreateCatalog1764100000000 implements MigrationInterface {
  name = 'CreateCatalog1764100000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE concerts (
        id          uuid PRIMARY KEY,
        title       varchar(200) NOT NULL CHECK (btrim(title) <> ''),
        venue       varchar(200) NOT NULL CHECK (btrim(venue) <> ''),
        -- Bumped (under the row lock) whenever the concert's list of bookable schedules may change:
        -- the cache refuses a list older than the last bump.
        version     bigint NOT NULL DEFAULT 1,
        created_at  timestamptz NOT NULL DEFAULT now()
      ) WITH (fillfactor = 50)`);

    await queryRunner.query(`
      CREATE TABLE schedules (
        id               uuid PRIMARY KEY,
        concert_id       uuid NOT NULL REFERENCES concerts (id),
        starts_at        timestamptz NOT NULL,
        total_seats      smallint NOT NULL CHECK (total_seats BETWEEN 1 AND 50),
        -- Seats whose status is AVAILABLE; kept exact in the transaction that changes a seat.
        available_seats  smallint NOT NULL,
        -- Bumped whenever a seat of this schedule changes status (the seat map's version).
        version          bigint NOT NULL DEFAULT 1,
        created_at       timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT schedules_available_seats_range CHECK (available_seats BETWEEN 0 AND total_seats)
      ) WITH (fillfactor = 90)`);
    await queryRunner.query(`CREATE UNIQUE INDEX schedules_concert_id_starts_at_key ON schedules (concert_id, starts_at)`);

    await queryRunner.query(`
      CREATE TABLE seats (
        schedule_id        uuid NOT NULL REFERENCES schedules (id),
        seat_no            smallint NOT NULL CHECK (seat_no BETWEEN 1 AND 50),
        price              integer NOT NULL CHECK (price BETWEEN 1 AND 10000000),
        status             varchar(9) NOT NULL DEFAULT 'AVAILABLE' CHECK (status IN ('AVAILABLE', 'HELD', 'SOLD')),
        -- The reservation the status comes from (null when AVAILABLE).
        reservation_id     uuid,
        status_changed_at  timestamptz,
        PRIMARY KEY (schedule_id, seat_no)
      ) WITH (fillfactor = 90)`);

    // One row per reservation ever seen on a seat, with the newest version of it received: the
    // seat status is derived from these rows, so events may arrive twice and in any order.
    await queryRunner.query(`
      CREATE TABLE seat_reservations (
        reservation_id  uuid PRIMARY KEY,
        schedule_id     uuid NOT NULL,
        seat_no         smallint NOT NULL,
        phase           varchar(9) NOT NULL CHECK (phase IN ('HELD', 'RELEASED', 'CONFIRMED')),
        version         integer NOT NULL CHECK (version > 0),
        updated_at      timestamptz NOT NULL DEFAULT now(),
        FOREIGN KEY (schedule_id, seat_no) REFERENCES seats (schedule_id, seat_no)
      )`);
    await queryRunner.query(
      `CREATE INDEX seat_reservations_live_seat_idx ON seat_reservations (schedule_id, seat_no) WHERE phase <> 'RELEASED'`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE seat_reservations`);
    await queryRunner.query(`DROP TABLE seats`);
    await queryRunner.query(`DROP TABLE schedules`);
    await queryRunner.query(`DROP TABLE concerts`);
  }
}
