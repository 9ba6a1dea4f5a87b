import { Topics } from '@concert/contracts';
import type { EntityManager } from 'typeorm';
import { OutboxWriter } from './outbox-writer';

function fakeManager(inTransaction: boolean) {
  const queries: Array<{ sql: string; parameters: unknown[] }> = [];
  const manager = {
    queryRunner: { isTransactionActive: inTransaction },
    connection: { options: { schema: 'payment' } },
    query: async (sql: string, parameters: unknown[]) => {
      queries.push({ sql, parameters });
      return [{}];
    },
  } as unknown as EntityManager;
  return { manager, queries };
}

describe('OutboxWriter', () => {
  const sut = new OutboxWriter();
  const payload = { probeId: 'p1', note: 'hello' };

  it('inserts the validated event into the schema outbox and notifies the schema channel in one statement', async () => {
    const { manager, queries } = fakeManager(true);

    const id = await sut.append(manager, { topic: Topics.PlatformProbe, key: 'agg-1', payload, requestId: 'req-1', occurredAt: '2025-01-01T00:00:00.000Z' });

    expect(id).toMatch(/^[0-9a-f-]{36}$/);
    expect(queries).toHaveLength(1);
    expect(queries[0].sql).toContain('INSERT INTO "payment".outbox');
    expect(queries[0].sql).toContain('pg_notify');
    expect(queries[0].parameters).toEqual([
      [id],
      [Topics.PlatformProbe],
      ['agg-1'],
      [JSON.stringify(payload)],
      [JSON.stringify({ 'event-id': id, 'event-type': Topics.PlatformProbe, 'occurred-at': '2025-01-01T00:00:00.000Z', 'request-id': 'req-1' })],
      'outbox_payment',
    ]);
  });

  it('writes several events in one statement, in the given order', async () => {
    const { manager, queries } = fakeManager(true);

    const ids = await sut.appendAll(manager, [
      { topic: Topics.PlatformProbe, key: 'a', payload: { probeId: 'p1', note: 'first' } },
      { topic: Topics.PlatformProbe, key: 'a', payload: { probeId: 'p2', note: 'second' } },
    ]);

    expect(ids).toHaveLength(2);
    expect(queries).toHaveLength(1);
    expect(queries[0].sql).toContain('WITH ORDINALITY');
    expect(queries[0].parameters[0]).toEqual(ids);
    expect((queries[0].parameters[3] as string[]).map((json) => (JSON.parse(json) as { note: string }).note)).toEqual(['first', 'second']);
  });

  it('writes nothing for no events', async () => {
    const { manager, queries } = fakeManager(true);

    await expect(sut.appendAll(manager, [])).resolves.toEqual([]);
    expect(queries).toHaveLength(0);
  });

  it('rejects a payload that breaks the topic schema, writing nothing', async () => {
    const { manager, queries } = fakeManager(true);

    await expect(sut.append(manager, { topic: Topics.PlatformProbe, key: 'agg-1', payload: { probeId: '', note: 'x' } })).rejects.toThrow(/probeId/);
    expect(queries).toHaveLength(0);
  });

  it('refuses a manager outside a transaction (the event must commit with the state change)', async () => {
    const { manager, queries } = fakeManager(false);

    await expect(sut.append(manager, { topic: Topics.PlatformProbe, key: 'agg-1', payload })).rejects.toThrow(/open transaction/);
    expect(queries).toHaveLength(0);
  });
});
