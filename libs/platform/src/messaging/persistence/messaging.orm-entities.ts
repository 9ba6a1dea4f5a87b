import { Column, Entity, PrimaryColumn, PrimaryGeneratedColumn } from 'typeorm';

/** Events waiting to be (or already) published; one row per event, id = event id. */
@Entity({ name: 'outbox' })
export class OutboxOrmEntity {
  @PrimaryColumn('uuid')
  id!: string;

  @Column('text')
  topic!: string;

  @Column('text', { name: 'message_key' })
  messageKey!: string;

  @Column('jsonb')
  payload!: unknown;

  @Column('jsonb')
  headers!: Record<string, string>;

  @Column('timestamptz', { name: 'created_at' })
  createdAt!: Date;

  @Column('timestamptz', { name: 'available_at' })
  availableAt!: Date;

  @Column('int')
  attempts!: number;

  @Column('text', { name: 'last_error', nullable: true })
  lastError!: string | null;

  @Column('timestamptz', { name: 'sent_at', nullable: true })
  sentAt!: Date | null;

  @Column('timestamptz', { name: 'parked_at', nullable: true })
  parkedAt!: Date | null;
}

/** Event ids a consumer group has handled (written in the handler's transaction). */
@Entity({ name: 'inbox' })
export class InboxOrmEntity {
  @PrimaryColumn('text', { name: 'consumer_group' })
  consumerGroup!: string;

  @PrimaryColumn('uuid', { name: 'event_id' })
  eventId!: string;

  @Column('timestamptz', { name: 'handled_at' })
  handledAt!: Date;
}

/** Consumed messages that could not be handled; re-driven by scripts/dlq-redrive.ts. */
@Entity({ name: 'dead_letters' })
export class DeadLetterOrmEntity {
  @PrimaryGeneratedColumn('identity', { type: 'bigint', generatedIdentity: 'ALWAYS' })
  id!: string;

  @Column('text', { name: 'consumer_group' })
  consumerGroup!: string;

  @Column('text')
  topic!: string;

  @Column('int')
  partition!: number;

  @Column('bigint', { name: 'kafka_offset' })
  kafkaOffset!: string;

  @Column('text', { name: 'message_key', nullable: true })
  messageKey!: string | null;

  @Column('text', { nullable: true })
  value!: string | null;

  @Column('jsonb')
  headers!: Record<string, string>;

  @Column('text')
  error!: string;

  @Column('int')
  attempts!: number;

  @Column('timestamptz', { name: 'created_at' })
  createdAt!: Date;

  @Column('timestamptz', { name: 'redriven_at', nullable: true })
  redrivenAt!: Date | null;
}
