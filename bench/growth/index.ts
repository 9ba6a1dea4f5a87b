/**
 * The growth runs (`npm run bench -- --only growth`, and part of every full run): does the cost
 * of a request stay flat as the data grows? Each run measures a small and a large size in the
 * same way and checks the large side against the bar (at most 1.5× the cost):
 *
 * - queue join / poll through the gateway with 1,000 vs 1,000,000 users waiting (queue-growth.ts);
 * - dates and seat map of one concert with 10 vs 10,000 schedules in the catalog, cached and
 *   uncached (catalog-growth.ts);
 * - outbox relay latency with an empty outbox vs 1,000,000 sent rows (relay-growth.ts).
 *
 * `--quick` scales the large sizes to 10 %. Hidden options for working on the harness:
 * `--growth-scale <fraction>` (e.g. 0.01) and `--growth-parts queue,catalog,relay`.
 */
import { type BenchSystem, startBenchSystem } from '../lib/bench-system';
import type { ScenarioResult } from '../lib/report';
import { catalogGrowth } from './catalog-growth';
import { QUEUE_GROWTH_ENV, queueGrowth } from './queue-growth';
import { relayGrowth } from './relay-growth';
import { count, type GrowthOptions } from './shared';

const PARTS = ['queue', 'catalog', 'relay'] as const;
type Part = (typeof PARTS)[number];

function argument(argv: readonly string[], name: string): string | undefined {
  const index = argv.indexOf(`--${name}`);
  return index > 0 ? argv[index + 1] : undefined;
}

export async function runGrowth(options: Omit<GrowthOptions, 'scale'> & { argv: readonly string[] }): Promise<ScenarioResult[]> {
  const scale = Number(argument(options.argv, 'growth-scale') ?? (options.quick ? 0.1 : 1));
  if (!(scale > 0 && scale <= 1)) throw new Error('--growth-scale must be a fraction in (0, 1]');
  const parts = (argument(options.argv, 'growth-parts') ?? PARTS.join(',')).split(',') as Part[];
  const unknown = parts.filter((part) => !PARTS.includes(part));
  if (unknown.length > 0) throw new Error(`--growth-parts: unknown ${unknown.join(', ')} (known: ${PARTS.join(', ')})`);
  const sizes = `~${count(Math.round(1_000_000 * scale))} waiting, ~${count(Math.round(10_000 * scale))} schedules, ~${count(Math.round(1_000_000 * scale))} outbox rows`;
  options.log(
    scale === 1
      ? `growth runs (${parts.join(', ')}): large sizes ${sizes}`
      : `growth runs (${parts.join(', ')}): large sizes SCALED to ${scale * 100} % (${sizes}; full runs use 1,000,000 / 10,000 / 1,000,000)`,
  );
  const growth: GrowthOptions = { ...options, scale };
  const started = Date.now();
  let queue: ScenarioResult[] = [];
  let cached: ScenarioResult[] = [];
  let uncached: ScenarioResult[] = [];
  let relay: ScenarioResult[] = [];
  if (parts.includes('queue') || parts.includes('catalog')) {
    // One system serves the queue run and the uncached catalog run (each setting concerns only its
    // own service or routes): a system start costs 15–30 s on this machine. The catalog run goes
    // first and takes the queue's one active slot; it is done before the queue fills. Uncached
    // means both caches off — the gateway's micro-cache too — so every read reaches Postgres.
    const env = { GATEWAY_MICRO_CACHE_MS: '0' };
    const serviceEnv = { 'queue-service': QUEUE_GROWTH_ENV, 'concert-service': { CACHE_ENABLED: 'false' } };
    await withSystem({ name: 'growth', gatewayPort: 3_300, replicas: 2, env, serviceEnv }, growth, async (bench) => {
      if (parts.includes('catalog')) uncached = await catalogGrowth(growth, bench, 'uncached');
      if (parts.includes('queue')) queue = await queueGrowth(growth, bench);
    });
  }
  if (parts.includes('catalog')) {
    // Cached as in production: the gateway's micro-cache and concert-service's Redis cache.
    await withSystem({ name: 'growth-cached', gatewayPort: 3_310, replicas: 2 }, growth, async (bench) => {
      cached = await catalogGrowth(growth, bench, 'cached');
    });
  }
  if (parts.includes('relay')) relay = await relayGrowth(growth);
  options.log(`growth runs took ${Math.round((Date.now() - started) / 1000)} s`);
  return [...queue, ...cached, ...uncached, ...relay];
}

/**
 * A bench system for `work` (ports clear of run.ts's 3600–3905), stopped afterwards and its Redis
 * keys and Kafka topics deleted — also when `work` fails or the run is interrupted, since the
 * queue run leaves a million waiting users (~700 MB of Redis) behind.
 */
async function withSystem(
  system: Parameters<typeof startBenchSystem>[0],
  options: GrowthOptions,
  work: (bench: BenchSystem) => Promise<void>,
): Promise<void> {
  const bench = await startBenchSystem(system);
  const cleanUp = async (): Promise<void> => {
    const { redisKeysDeleted } = await bench.stop();
    options.log(`growth: system ${system.name} stopped; its ${count(redisKeysDeleted)} Redis keys (${bench.redisKeyPrefix}*) and Kafka topics deleted`);
  };
  // A second Ctrl-C still kills at once (once: the default handler is back).
  const onSignal = (): void => {
    void cleanUp().finally(() => process.exit(130));
  };
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  try {
    await work(bench);
  } finally {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
    await cleanUp();
  }
}
