import type { DataSource } from 'typeorm';
import type { PostgresConnectionOptions } from 'typeorm/driver/postgres/PostgresConnectionOptions';

/** The service schema a data source works in ('public' when none is configured). */
export function schemaOf(dataSource: DataSource): string {
  return (dataSource.options as PostgresConnectionOptions).schema ?? 'public';
}

export function quoteIdent(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}

/** NOTIFY channel the outbox relay of a schema listens on. */
export function outboxChannel(schema: string): string {
  return `outbox_${schema}`;
}
