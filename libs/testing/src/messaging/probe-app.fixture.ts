/**
 * Test-only pieces shared by the probe processes of the messaging integration tests (excluded
 * from the build): the probe tables and the probe processes' configuration.
 */
import type { MigrationInterface, QueryRunner } from 'typeorm';
import type { PostgresConnectionOptions } from 'typeorm/driver/postgres/PostgresConnectionOptions';
import type { z } from 'zod';
import { baseConfigSchema, databaseConfigSchema, env, messagingConfigSchema } from '@concert/platform';

export const probeConfigSchema = baseConfigSchema.merge(databaseConfigSchema).merge(messagingConfigSchema).extend({
  PROBE_SCHEMA: env.string('probe'),
  PROBE_SERVICE: env.string('probe-service'),
  /** Test-only hook: SIGKILL the process after the effect of a probe whose note is 'crash' committed, before its offset is. */
  CONSUMER_CRASH_AFTER_EFFECT: env.bool(false),
});
export type ProbeConfig = z.infer<typeof probeConfigSchema>;

/**
 * probe_changes: the producer's business table (an outbox row commits with each change).
 * probe_effects: the consumer's effect table, deliberately WITHOUT a unique key on event_id, so a
 * handler that ran twice shows up as two rows. probe_blocked: probes whose handler throws.
 */
export class ProbeTables1735689600001 implements MigrationInterface {
  name = 'ProbeTables1735689600001';

  async up(queryRunner: QueryRunner): Promise<void> {
    const schema = `"${(queryRunner.connection.options as PostgresConnectionOptions).schema ?? 'public'}"`;
    await queryRunner.query(`CREATE TABLE ${schema}.probe_changes (id uuid PRIMARY KEY, probe_id text NOT NULL, created_at timestamptz NOT NULL DEFAULT now())`);
    await queryRunner.query(
      `CREATE TABLE ${schema}.probe_effects (id bigserial PRIMARY KEY, event_id uuid NOT NULL, probe_id text NOT NULL, note text NOT NULL, handled_at timestamptz NOT NULL DEFAULT now())`,
    );
    await queryRunner.query(`CREATE TABLE ${schema}.probe_blocked (probe_id text PRIMARY KEY)`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    const schema = `"${(queryRunner.connection.options as PostgresConnectionOptions).schema ?? 'public'}"`;
    await queryRunner.query(`DROP TABLE ${schema}.probe_blocked, ${schema}.probe_effects, ${schema}.probe_changes`);
  }
}
