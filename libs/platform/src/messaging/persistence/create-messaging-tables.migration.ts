import type { MigrationInterface, QueryRunner } from 'typeorm';
import type { PostgresConnectionOptions } from 'typeorm/driver/postgres/PostgresConnectionOptions';
import { quoteIdent } from './schema';

function schemaOf(queryRunner: QueryRunner): string {
  return quoteIdent((queryRunner.connection.options as PostgresConnectionOptions).schema ?? 'public');
}

/** outbox, inbox and dead_letters in the data source's schema. */
export class CreateMessagingTables1735689600000 implements MigrationInterface {
  name = 'CreateMessagingTables1735689600000';

  async up(queryRunner: QueryRunner): Promise<void> {
    const s = schemaOf(queryRunner);
    await queryRunner.query(`
      CREATE TABLE ${s}.outbox (
        id            uuid PRIMARY KEY,
        topic         text NOT NULL,
        message_key   text NOT NULL,
        payload       jsonb NOT NULL,
        headers       jsonb NOT NULL DEFAULT '{}'::jsonb,
        created_at    timestamptz NOT NULL DEFAULT clock_timestamp(),
        available_at  timestamptz NOT NULL DEFAULT now(),
        attempts      int NOT NULL DEFAULT 0,
        last_error    text,
        sent_at       timestamptz,
        parked_at     timestamptz
      )`);
    // Claiming reads only pending rows, in created_at order: a partial index keeps that cheap
    // however much sent history the table holds.
    await queryRunner.query(`CREATE INDEX outbox_pending_idx ON ${s}.outbox (created_at) WHERE sent_at IS NULL AND parked_at IS NULL`);
    await queryRunner.query(`CREATE INDEX outbox_sent_idx ON ${s}.outbox (sent_at) WHERE sent_at IS NOT NULL`);
    await queryRunner.query(`CREATE INDEX outbox_parked_idx ON ${s}.outbox (parked_at) WHERE parked_at IS NOT NULL AND sent_at IS NULL`);
    await queryRunner.query(`
      CREATE TABLE ${s}.inbox (
        consumer_group text NOT NULL,
        event_id       uuid NOT NULL,
        handled_at     timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (consumer_group, event_id)
      )`);
    await queryRunner.query(`
      CREATE TABLE ${s}.dead_letters (
        id             bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        consumer_group text NOT NULL,
        topic          text NOT NULL,
        partition      int NOT NULL,
        kafka_offset   bigint NOT NULL,
        message_key    text,
        value          text,
        headers        jsonb NOT NULL DEFAULT '{}'::jsonb,
        error          text NOT NULL,
        attempts       int NOT NULL DEFAULT 0,
        created_at     timestamptz NOT NULL DEFAULT now(),
        redriven_at    timestamptz
      )`);
    await queryRunner.query(`CREATE UNIQUE INDEX dead_letters_message_uq ON ${s}.dead_letters (consumer_group, topic, partition, kafka_offset)`);
    await queryRunner.query(`CREATE INDEX dead_letters_pending_idx ON ${s}.dead_letters (id) WHERE redriven_at IS NULL`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    const s = schemaOf(queryRunner);
    await queryRunner.query(`DROP TABLE IF EXISTS ${s}.dead_letters`);
    await queryRunner.query(`DROP TABLE IF EXISTS ${s}.inbox`);
    await queryRunner.query(`DROP TABLE IF EXISTS ${s}.outbox`);
  }
}
