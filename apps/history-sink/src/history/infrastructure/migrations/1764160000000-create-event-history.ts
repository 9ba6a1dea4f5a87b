import type { MigrationInterface, QueryRunner } from 'typeorm';

/** The append-only event history (search_path = history). */
export class CreateEventHistory1764160000000 implements MigrationInterface {
  name = 'CreateEventHistory1764160000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE event_history (
        position     bigint      GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        event_id     uuid        NOT NULL UNIQUE,
        topic        text        NOT NULL,
        message_key  text,
        occurred_at  timestamptz NOT NULL,
        recorded_at  timestamptz NOT NULL DEFAULT now(),
        payload      jsonb       NOT NULL,
        forwarded_at timestamptz
      )`);
    // The forwarder reads the not-yet-forwarded tail in order; sent history is never scanned.
    await queryRunner.query(`CREATE INDEX event_history_unforwarded ON event_history (position) WHERE forwarded_at IS NULL`);
    // History is append-only: updates may only stamp forwarded_at, deletes are refused.
    await queryRunner.query(`
      CREATE FUNCTION event_history_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF TG_OP = 'DELETE' THEN RAISE EXCEPTION 'event_history is append-only'; END IF;
        IF NEW.event_id <> OLD.event_id OR NEW.payload <> OLD.payload OR NEW.topic <> OLD.topic THEN
          RAISE EXCEPTION 'event_history is append-only';
        END IF;
        RETURN NEW;
      END $$`);
    await queryRunner.query(`
      CREATE TRIGGER event_history_append_only BEFORE UPDATE OR DELETE ON event_history
      FOR EACH ROW EXECUTE FUNCTION event_history_append_only()`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP TABLE event_history');
    await queryRunner.query('DROP FUNCTION event_history_append_only');
  }
}
