import { combineWrites, DeferredWrites, type SqlStatement } from './deferred-writes';

describe('combineWrites', () => {
  it('sends a single write as it is', () => {
    const write = { sql: 'INSERT INTO t (a) VALUES ($1)', parameters: [1] };
    expect(combineWrites([write])).toBe(write);
  });

  it('makes each write a WITH part, numbering its parameters after the ones before it, and NOTIFYs last', () => {
    const combined = combineWrites(
      [
        { sql: 'INSERT INTO a (x, y) VALUES ($1, $2)', parameters: ['x', 'y'] },
        { sql: 'UPDATE b SET z = $2 WHERE id = $1', parameters: ['id', 'z'] },
      ],
      ['outbox_payment'],
    );
    expect(combined).toEqual({
      sql: `WITH w1 AS (INSERT INTO a (x, y) VALUES ($1, $2)),\nw2 AS (UPDATE b SET z = $4 WHERE id = $3)\nSELECT pg_notify($5, '')`,
      parameters: ['x', 'y', 'id', 'z', 'outbox_payment'],
    });
  });

  it("leaves a literal's text alone and refuses a $ inside one", () => {
    expect(combineWrites([{ sql: "INSERT INTO a (x, note) VALUES ($1, 'it''s')", parameters: [1] }, { sql: 'DELETE FROM b', parameters: [] }]).sql).toContain(
      "VALUES ($1, 'it''s')",
    );
    expect(() => combineWrites([{ sql: "INSERT INTO a (note) VALUES ('$1')", parameters: [] }, { sql: 'DELETE FROM b', parameters: [] }])).toThrow(/\$ inside quotes/);
  });
});

describe('DeferredWrites', () => {
  it('sends nothing when nothing is held back, and each write once', async () => {
    const writes = new DeferredWrites();
    const sent: SqlStatement[] = [];
    const run = async (statement: SqlStatement) => sent.push(statement);

    await writes.flush(run);
    writes.add({ sql: 'DELETE FROM a WHERE id = $1', parameters: [1] });
    await writes.flush(run);
    await writes.flush(run);

    expect(sent).toEqual([{ sql: 'DELETE FROM a WHERE id = $1', parameters: [1] }]);
    expect(writes.size).toBe(0);
  });

  it("turns the failure into the first error a write describes, else passes it on", async () => {
    const failure = new Error('duplicate key');
    const described = new Error('already paid');
    const writes = new DeferredWrites();
    writes.add({ sql: 'INSERT INTO a VALUES ($1)', parameters: [1], describeError: () => undefined });
    writes.add({ sql: 'INSERT INTO b VALUES ($1)', parameters: [2], describeError: (error) => (error === failure ? described : undefined) });
    await expect(writes.flush(() => Promise.reject(failure))).rejects.toBe(described);

    writes.add({ sql: 'INSERT INTO a VALUES ($1)', parameters: [1] });
    await expect(writes.flush(() => Promise.reject(failure))).rejects.toBe(failure);
  });
});
