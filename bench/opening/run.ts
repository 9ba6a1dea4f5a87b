/**
 * `npm run bench:opening [-- --buyers 1000] [--active n] [--replicas 2] [--lead-seconds 20]`: a
 * crowd hitting one room at its sale opening, through the gateway, with `--replicas` instances and
 * a worker of every service (as `npm start` runs them).
 *
 * Half the crowd joins the pre-queue in the seconds before `saleOpensAt`; the other half arrives
 * all at once at the opening instant. Every buyer then listens to its token's event stream until
 * it reads ACTIVE (the way the buyer's page does). The room takes `--active` buyers (default: the
 * whole crowd), so what is measured is the opening itself and how soon each buyer learns its turn:
 * - pre-queued buyers: the opening instant → ACTIVE read on the stream;
 * - arrivals at the opening: join sent → ACTIVE read.
 * It also checks what must hold: every buyer admitted exactly once, never more ACTIVE than the
 * room's capacity, the opening's record verifying. Results go to bench/results/ and the table is
 * printed; the figures move with this VM's speed, and the ratio between the two halves does not.
 */
import { writeFileSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { randomUUID } from 'node:crypto';
import { parseArgs } from 'node:util';
import { Pool } from 'undici';
import { verifyOpening } from '@concert/platform';
import { startBenchSystem } from '../lib/bench-system';
import { activeOnStream, ADMIN, type Buyer, joinQueue, type QueuedBuyer, signInMany, startsAt } from '../lib/buyers';
import { BenchHttp, mapConcurrent, percentile } from '../lib/http';

const { values: args } = parseArgs({
  options: { buyers: { type: 'string', default: '1000' }, active: { type: 'string' }, replicas: { type: 'string', default: '2' }, 'lead-seconds': { type: 'string', default: '20' } },
});
const positive = (name: string, value: string): number => {
  const number = Number(value);
  if (!Number.isInteger(number) || number < 1) throw new Error(`--${name} takes a positive integer, not ${value}`);
  return number;
};
const BUYERS = positive('buyers', args.buyers);
const ACTIVE = positive('active', args.active ?? String(BUYERS));
const REPLICAS = positive('replicas', args.replicas);
const LEAD_SECONDS = positive('lead-seconds', args['lead-seconds']);
const ROOT = path.resolve(__dirname, '..', '..');
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const log = (line: string) => process.stdout.write(`bench:opening: ${line}\n`);

interface Waited {
  buyer: QueuedBuyer;
  /** When the wait being measured started (epoch ms). */
  from: number;
  /** When the stream first read ACTIVE (epoch ms). */
  activeAt: number;
  joinedAs: string;
}

/** The moment the buyer's token event stream first said ACTIVE. */
async function activeAt(streams: Pool, buyer: QueuedBuyer): Promise<number> {
  await activeOnStream(streams, buyer);
  return Date.now();
}

function summary(name: string, waits: readonly number[]): string {
  const sorted = [...waits].sort((a, b) => a - b);
  return `| ${name} | ${sorted.length} | ${percentile(sorted, 50)} | ${percentile(sorted, 90)} | ${percentile(sorted, 99)} | ${sorted.at(-1) ?? 0} |`;
}

async function main(): Promise<void> {
  const bench = await startBenchSystem({
    name: 'opening',
    gatewayPort: 3_400,
    replicas: REPLICAS,
    env: { QUEUE_ADMIT_INTERVAL_MS: '200', QUEUE_EVENTS_TICK_MS: '200', QUEUE_WAITING_IDLE_SECONDS: '600' },
  });
  const http = new BenchHttp(bench.gatewayUrl);
  const streams = new Pool(bench.gatewayUrl, { connections: BUYERS + 10, pipelining: 1 });
  try {
    log(`${BUYERS} buyers sign in`);
    const buyers = await signInMany(http, BUYERS);
    const early = buyers.slice(0, Math.floor(BUYERS / 2));
    const late = buyers.slice(early.length);
    const opensAt = Math.ceil((Date.now() + LEAD_SECONDS * 1000) / 1000) * 1000;
    const created = await http.call<{ concertId: string }>(
      'POST',
      '/admin/concerts',
      {
        title: `Opening ${randomUUID().slice(0, 8)}`,
        venue: 'Bench Hall',
        schedules: [{ startsAt: startsAt(30), seatPrice: 10_000 }],
        waitingRoom: { maxActiveUsers: ACTIVE, activeSeconds: 600, saleOpensAt: new Date(opensAt).toISOString() },
      },
      ADMIN,
    );
    if (created.status !== 201) throw new Error(`admin create answered ${created.status}: ${JSON.stringify(created.body)}`);
    const { concertId } = created.body;
    log(`room ${concertId}: ${ACTIVE} active at most, opens at ${new Date(opensAt).toISOString()}; ${early.length} join its pre-queue`);

    const waits: Array<Promise<Waited>> = [];
    const preQueued = await mapConcurrent(early, 50, (buyer) => joinQueue(http, concertId, buyer));
    if (Date.now() > opensAt - 1_000) throw new Error(`the pre-queue took too long to fill: give --lead-seconds more than ${LEAD_SECONDS}`);
    const notPreQueued = preQueued.filter((joined) => joined.status !== 'PRE_QUEUE').length;
    for (const joined of preQueued) waits.push(activeAt(streams, joined.queued).then((at) => ({ buyer: joined.queued, from: opensAt, activeAt: at, joinedAs: joined.status })));

    await sleep(Math.max(0, opensAt - Date.now()));
    log(`opening: ${late.length} arrive at once`);
    const arrivals = late.map(async (buyer: Buyer): Promise<Waited> => {
      const from = Date.now();
      const joined = await joinQueue(http, concertId, buyer);
      const at = joined.status === 'ACTIVE' ? Date.now() : await activeAt(streams, joined.queued);
      return { buyer: joined.queued, from, activeAt: at, joinedAs: joined.status };
    });
    const [fromPreQueue, atOpening] = await Promise.all([Promise.all(waits), Promise.all(arrivals)]);

    const room = await http.call<{ active: number; waiting: number; preQueue: number; maxActiveUsers: number }>('GET', `/admin/concerts/${concertId}/waiting-room`, undefined, ADMIN);
    const fairness = await http.call<{ seed: string | null; seedCommitment: string | null; order: string[] | null }>('GET', `/concerts/${concertId}/waiting-room/fairness`);
    const verdict = verifyOpening({ seed: fairness.body.seed ?? '', seedCommitment: fairness.body.seedCommitment ?? '', order: fairness.body.order ?? [] });
    const tokens = new Set([...fromPreQueue, ...atOpening].map((waited) => waited.buyer.token));
    const checks = [
      ['buyers admitted', `${fromPreQueue.length + atOpening.length} of ${BUYERS}, ${tokens.size} distinct tokens`],
      ['pre-queue joins answered PRE_QUEUE', `${early.length - notPreQueued} of ${early.length}`],
      ['room after the run', `active ${room.body.active} (capacity ${room.body.maxActiveUsers}), waiting ${room.body.waiting}, pre-queue ${room.body.preQueue}`],
      ['opening record', `${fairness.body.order?.length ?? 0} members; commitment ${verdict.commitmentHolds ? 'holds' : 'FAILS'}, order ${verdict.orderHolds ? 'holds' : 'FAILS'}`],
    ];
    const markdown = [
      `# Sale opening: ${BUYERS} buyers, ${REPLICAS} instances of every service`,
      '',
      `${new Date().toISOString()}, ${ACTIVE} active at most; waits in ms, read on each buyer's event stream (ticks of 200 ms).`,
      '',
      '| buyers | n | p50 | p90 | p99 | max |',
      '|---|---|---|---|---|---|',
      summary('pre-queued: opening → ACTIVE', fromPreQueue.map((waited) => waited.activeAt - waited.from)),
      summary('arriving at the opening: join → ACTIVE', atOpening.map((waited) => waited.activeAt - waited.from)),
      summary('all', [...fromPreQueue, ...atOpening].map((waited) => waited.activeAt - waited.from)),
      '',
      '| check | value |',
      '|---|---|',
      ...checks.map(([name, value]) => `| ${name} | ${value} |`),
    ].join('\n');
    process.stdout.write(`${markdown}\n`);
    const dir = path.join(ROOT, 'bench', 'results');
    mkdirSync(dir, { recursive: true });
    writeFileSync(path.join(dir, `${new Date().toISOString().slice(0, 10)}-opening.md`), `${markdown}\n`);
    const failed = tokens.size !== BUYERS || notPreQueued > 0 || room.body.active > room.body.maxActiveUsers || !verdict.commitmentHolds || !verdict.orderHolds;
    if (failed) process.exitCode = 1;
  } finally {
    await streams.close();
    await http.close();
    await bench.stop();
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`bench:opening failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});
