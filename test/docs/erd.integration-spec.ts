import { readFileSync } from 'node:fs';
import path from 'node:path';
import { createTestDatabase, migrateService, type TestDatabase } from '@concert/testing';
import { Client } from 'pg';
import { concertServiceDatabase } from '../../apps/concert-service/src/infrastructure/database/concert-service-database';
import { historySinkDatabase } from '../../apps/history-sink/src/history/infrastructure/history-sink-database';
import { paymentServiceDatabase } from '../../apps/payment-service/src/infrastructure/database/payment-service-database';
import { reservationServiceDatabase } from '../../apps/reservation-service/src/infrastructure/database/reservation-service-database';

/**
 * docs/erd.md must describe exactly what the migrations create: for every service schema, the
 * same tables, the same columns (nothing missing, nothing invented), the same column types and
 * the same primary-key and foreign-key columns. Each ```mermaid erDiagram block of the document
 * names the schema(s) it draws in a `%% schema: a, b` comment line.
 */

const ERD_FILE = path.resolve(__dirname, '..', '..', 'docs', 'erd.md');
const SERVICE_DATABASES = [concertServiceDatabase, reservationServiceDatabase, paymentServiceDatabase, historySinkDatabase];
const SCHEMAS = SERVICE_DATABASES.map((database) => database.schema);
/** TypeORM's bookkeeping table, created by runMigrations in every schema; not part of the model. */
const IGNORED_TABLES = new Set(['migrations']);

/** Postgres udt_name → the type name the document uses. */
const TYPE_NAMES: Record<string, string> = {
  uuid: 'uuid',
  text: 'text',
  varchar: 'varchar',
  int2: 'smallint',
  int4: 'integer',
  int8: 'bigint',
  timestamptz: 'timestamptz',
  jsonb: 'jsonb',
  bool: 'boolean',
};

interface ColumnDoc {
  type: string;
  pk: boolean;
  fk: boolean;
}

/** schema → table → column → description. */
type Model = Map<string, Map<string, Map<string, ColumnDoc>>>;

function tableOf(model: Model, schema: string, table: string): Map<string, ColumnDoc> {
  let tables = model.get(schema);
  if (!tables) model.set(schema, (tables = new Map()));
  let columns = tables.get(table);
  if (!columns) tables.set(table, (columns = new Map()));
  return columns;
}

/** Parses every erDiagram block of the document. */
function documentedModel(markdown: string): { model: Model; problems: string[] } {
  const model: Model = new Map();
  const problems: string[] = [];
  const blocks = [...markdown.matchAll(/```mermaid\n([\s\S]*?)```/g)].map((match) => match[1] ?? '').filter((block) => /^\s*erDiagram\b/.test(block));
  if (blocks.length === 0) problems.push('no ```mermaid erDiagram block found');
  blocks.forEach((block, index) => {
    const schemaLine = /%%\s*schema:\s*([^\n]+)/.exec(block);
    if (!schemaLine?.[1]) {
      problems.push(`erDiagram block #${index + 1} has no "%% schema: ..." line`);
      return;
    }
    const schemas = schemaLine[1].split(',').map((schema) => schema.trim());
    const entities = new Set<string>();
    const relationships: Array<[string, string]> = [];
    let current: string | null = null;
    for (const raw of block.split('\n')) {
      const line = raw.trim();
      if (line === '' || line.startsWith('%%') || line === 'erDiagram') continue;
      if (current === null) {
        const open = /^([A-Za-z_][\w-]*)\s*\{$/.exec(line);
        if (open?.[1]) {
          current = open[1];
          entities.add(current);
          for (const schema of schemas) tableOf(model, schema, current);
          continue;
        }
        const relation = /^([A-Za-z_][\w-]*)\s+[|}{o.-]+\s+([A-Za-z_][\w-]*)\s*:/.exec(line);
        if (relation?.[1] && relation[2]) {
          relationships.push([relation[1], relation[2]]);
          continue;
        }
        problems.push(`block #${index + 1}: cannot read line "${line}"`);
        continue;
      }
      if (line === '}') {
        current = null;
        continue;
      }
      // type name [PK|FK|UK[, ...]] ["comment"]
      const attribute = /^([A-Za-z_][\w]*)\s+([A-Za-z_][\w]*)((?:\s*,?\s*(?:PK|FK|UK))*)\s*(?:"[^"]*")?$/.exec(line);
      if (!attribute?.[1] || !attribute[2]) {
        problems.push(`block #${index + 1}, entity ${current}: cannot read attribute "${line}"`);
        continue;
      }
      const keys = attribute[3] ?? '';
      for (const schema of schemas) {
        tableOf(model, schema, current).set(attribute[2], { type: attribute[1], pk: /\bPK\b/.test(keys), fk: /\bFK\b/.test(keys) });
      }
    }
    if (current !== null) problems.push(`block #${index + 1}: entity ${current} is not closed`);
    for (const [from, to] of relationships) {
      for (const entity of [from, to]) {
        if (!entities.has(entity)) problems.push(`block #${index + 1}: relationship names ${entity}, which the block does not define`);
      }
    }
  });
  return { model, problems };
}

async function migratedModel(url: string): Promise<Model> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    const { rows: columns } = await client.query<{ table_schema: string; table_name: string; column_name: string; udt_name: string }>(
      `SELECT c.table_schema, c.table_name, c.column_name, c.udt_name
         FROM information_schema.columns c
         JOIN information_schema.tables t ON t.table_schema = c.table_schema AND t.table_name = c.table_name
        WHERE c.table_schema = ANY($1) AND t.table_type = 'BASE TABLE'
        ORDER BY c.table_schema, c.table_name, c.ordinal_position`,
      [SCHEMAS],
    );
    const { rows: keys } = await client.query<{ table_schema: string; table_name: string; column_name: string; constraint_type: string }>(
      `SELECT k.table_schema, k.table_name, k.column_name, tc.constraint_type
         FROM information_schema.key_column_usage k
         JOIN information_schema.table_constraints tc
           ON tc.constraint_schema = k.constraint_schema AND tc.constraint_name = k.constraint_name AND tc.table_name = k.table_name
        WHERE k.table_schema = ANY($1) AND tc.constraint_type IN ('PRIMARY KEY', 'FOREIGN KEY')`,
      [SCHEMAS],
    );
    const model: Model = new Map();
    for (const column of columns) {
      if (IGNORED_TABLES.has(column.table_name)) continue;
      tableOf(model, column.table_schema, column.table_name).set(column.column_name, {
        type: TYPE_NAMES[column.udt_name] ?? column.udt_name,
        pk: false,
        fk: false,
      });
    }
    for (const key of keys) {
      const column = model.get(key.table_schema)?.get(key.table_name)?.get(key.column_name);
      if (!column) continue;
      if (key.constraint_type === 'PRIMARY KEY') column.pk = true;
      else column.fk = true;
    }
    return model;
  } finally {
    await client.end();
  }
}

/** `schema.table` → sorted column names. */
function columnSets(model: Model, schema: string): Record<string, string[]> {
  const result: Record<string, string[]> = {};
  for (const [table, columns] of model.get(schema) ?? new Map<string, Map<string, ColumnDoc>>()) {
    result[`${schema}.${table}`] = [...columns.keys()].sort();
  }
  return result;
}

/** `schema.table.column` → "type [PK] [FK]". */
function columnDetails(model: Model, schema: string): Record<string, string> {
  const result: Record<string, string> = {};
  for (const [table, columns] of model.get(schema) ?? new Map<string, Map<string, ColumnDoc>>()) {
    for (const [name, column] of columns) {
      result[`${schema}.${table}.${name}`] = [column.type, column.pk ? 'PK' : '', column.fk ? 'FK' : ''].filter(Boolean).join(' ');
    }
  }
  return result;
}

describe('docs/erd.md matches the migrations', () => {
  let database: TestDatabase;
  let actual: Model;
  const documented = documentedModel(readFileSync(ERD_FILE, 'utf8'));

  beforeAll(async () => {
    database = await createTestDatabase('docs_erd');
    for (const serviceDatabase of SERVICE_DATABASES) await migrateService(database.url, serviceDatabase);
    actual = await migratedModel(database.url);
  });

  afterAll(async () => {
    await database?.drop();
  });

  it('is readable: every erDiagram block names its schema and every line parses', () => {
    expect(documented.problems).toEqual([]);
  });

  it('documents only the service schemas', () => {
    expect([...documented.model.keys()].sort()).toEqual([...SCHEMAS].sort());
  });

  it.each(SCHEMAS)('has exactly the tables and columns of schema %s (nothing missing, nothing invented)', (schema) => {
    const migrated = columnSets(actual, schema);
    expect(Object.keys(migrated).length).toBeGreaterThan(0);
    expect(columnSets(documented.model, schema)).toEqual(migrated);
  });

  it.each(SCHEMAS)('gives every column of schema %s its type and its primary/foreign key marks', (schema) => {
    expect(columnDetails(documented.model, schema)).toEqual(columnDetails(actual, schema));
  });
});
