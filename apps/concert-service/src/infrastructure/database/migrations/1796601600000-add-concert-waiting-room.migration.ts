import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A concert's own waiting-room settings, given at creation (POST /api/v1/admin/concerts,
 * `waitingRoom`) and read by queue-service through GET /internal/concerts/:id. NULL: the
 * configured default applies (QUEUE_MAX_ACTIVE_USERS, QUEUE_ACTIVE_SECONDS; no scheduled
 * opening), which is also what every concert created before this migration gets. Nullable
 * columns without a default: adding them rewrites no row. No index: they are read by primary key.
 */
export class AddConcertWaitingRoom1796601600000 implements MigrationInterface {
  name = 'AddConcertWaitingRoom1796601600000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      ALTER TABLE concerts
        ADD COLUMN waiting_room_max_active_users integer
          CONSTRAINT concerts_waiting_room_max_active_users_range CHECK (waiting_room_max_active_users BETWEEN 1 AND 1000000),
        ADD COLUMN waiting_room_active_seconds integer
          CONSTRAINT concerts_waiting_room_active_seconds_range CHECK (waiting_room_active_seconds BETWEEN 10 AND 86400),
        ADD COLUMN waiting_room_sale_opens_at timestamptz`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      ALTER TABLE concerts
        DROP COLUMN waiting_room_sale_opens_at,
        DROP COLUMN waiting_room_active_seconds,
        DROP COLUMN waiting_room_max_active_users`);
  }
}
