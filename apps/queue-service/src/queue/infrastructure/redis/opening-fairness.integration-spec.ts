import { randomUUID } from 'node:crypto';
import { roomSeed, seedCommitment, shuffleScore } from '@concert/platform';
import type Redis from 'ioredis';
import { testSettings } from '../../../../test/fakes';
import { dropRedisPrefix, prefixedRedis, uniqueRedisPrefix } from '../../../../test/redis-test-support';
import { AdmissionPolicy } from '../../domain/admission-policy';
import { QueueRedisKeys } from './queue-redis-keys';
import { RedisQueueStore } from './redis-queue.store';

const MEMBERS = 200;
const OPENINGS = 200;
const BINS = 10;
const SIGNIFICANCE = 0.001;

/** P(X > x) for the standard normal (Abramowitz–Stegun 7.1.26 for erfc; error below 1.5e-7). */
function normalSurvival(z: number): number {
  const x = Math.abs(z) / Math.SQRT2;
  const t = 1 / (1 + 0.3275911 * x);
  const erfc = t * (0.254829592 + t * (-0.284496736 + t * (1.421413741 + t * (-1.453152027 + t * 1.061405429)))) * Math.exp(-x * x);
  return z >= 0 ? erfc / 2 : 1 - erfc / 2;
}

/** P(χ²_k > x), by the Wilson–Hilferty cube-root approximation (close for the k ≥ 80 used here). */
function chiSquareSurvival(x: number, k: number): number {
  const z = (Math.cbrt(x / k) - (1 - 2 / (9 * k))) / Math.sqrt(2 / (9 * k));
  return normalSurvival(z);
}

/**
 * The opening's shuffle is fair (issue "rooms"): 200 members join 200 rooms' pre-queues in the
 * same order, each room opens, and where each member lands is recorded. Through the real join and
 * opening steps in Redis, with each room's own seed, as in production.
 */
describe('the sale opening shuffle (real Redis, 200 members × 200 openings)', () => {
  let prefix: string;
  let redis: Redis;
  /** ranks[opening][joinIndex] = 0-based place after the opening. */
  const ranks: number[][] = [];

  beforeAll(async () => {
    prefix = uniqueRedisPrefix('fairness');
    redis = prefixedRedis(prefix);
    const store = new RedisQueueStore(redis);
    const t0 = Date.parse('2030-01-01T12:00:00.000Z');
    const opensAt = t0 + 60_000;
    const closed = new AdmissionPolicy({ ...testSettings, maxActiveUsers: 0, waitingIdleSeconds: 3_600 });
    await Promise.all(
      Array.from({ length: OPENINGS }, async () => {
        const concertId = randomUUID();
        const seed = roomSeed('fairness-test-secret', concertId);
        const setup = { maxActiveUsers: null, activeSeconds: null, saleOpensAtMs: opensAt, seed, seedCommitment: seedCommitment(seed) };
        const joined: string[] = [];
        for (let index = 0; index < MEMBERS; index++) {
          const tokenId = randomUUID();
          const result = await store.join({ tokenId, userId: randomUUID(), concertId, issuedAtSeconds: 1, shuffleScore: shuffleScore(seed, tokenId), setup, round: closed.round(t0 + index) });
          expect(result.place.status).toBe('PRE_QUEUE');
          joined.push(tokenId);
        }
        await store.admit([concertId], closed.round(opensAt));
        const order = await redis.zrange(QueueRedisKeys.waiting(concertId), 0, -1);
        const placeOf = new Map(order.map((tokenId, place) => [tokenId, place]));
        ranks.push(joined.map((tokenId) => placeOf.get(tokenId) ?? -1));
      }),
    );
  }, 120_000);

  afterAll(async () => {
    await redis?.quit();
    if (prefix) await dropRedisPrefix(prefix);
  });

  it('places every member exactly once: each opening is a permutation of 0..199', () => {
    expect(ranks).toHaveLength(OPENINGS);
    for (const opening of ranks) expect([...opening].sort((a, b) => a - b)).toEqual(Array.from({ length: MEMBERS }, (_, index) => index));
  });

  it("gives each member a uniform rank: χ² of every member's ranks over 10 bins, p > 0.001", () => {
    const expected = OPENINGS / BINS;
    let statistic = 0;
    let worst = { member: -1, statistic: 0 };
    for (let member = 0; member < MEMBERS; member++) {
      const counts = new Array<number>(BINS).fill(0);
      for (const opening of ranks) counts[Math.floor((opening[member] * BINS) / MEMBERS)]++;
      const own = counts.reduce((sum, count) => sum + (count - expected) ** 2 / expected, 0);
      if (own > worst.statistic) worst = { member, statistic: own };
      statistic += own;
    }
    const degrees = MEMBERS * (BINS - 1);
    const p = chiSquareSurvival(statistic, degrees);
    process.stdout.write(`opening fairness: χ² ${statistic.toFixed(1)} on ${degrees} df, p = ${p.toFixed(4)}; most uneven member ${worst.member} (χ² ${worst.statistic.toFixed(1)} on ${BINS - 1} df)\n`);
    expect(p).toBeGreaterThan(SIGNIFICANCE);
  });

  it('leaves the rank independent of the join order: χ² of join decile × rank decile, p > 0.001, and Spearman ρ near 0', () => {
    const table = Array.from({ length: BINS }, () => new Array<number>(BINS).fill(0));
    for (const opening of ranks) opening.forEach((rank, joinIndex) => table[Math.floor((joinIndex * BINS) / MEMBERS)][Math.floor((rank * BINS) / MEMBERS)]++);
    const cell = (OPENINGS * MEMBERS) / (BINS * BINS);
    const statistic = table.flat().reduce((sum, count) => sum + (count - cell) ** 2 / cell, 0);
    const degrees = (BINS - 1) * (BINS - 1);
    const p = chiSquareSurvival(statistic, degrees);

    // Spearman's ρ over every (join index, rank) pair: both are ranks already.
    const n = OPENINGS * MEMBERS;
    const mean = (MEMBERS - 1) / 2;
    let covariance = 0;
    let variance = 0;
    for (const opening of ranks) {
      opening.forEach((rank, joinIndex) => {
        covariance += (joinIndex - mean) * (rank - mean);
        variance += (joinIndex - mean) ** 2;
      });
    }
    const rho = covariance / variance;
    const z = rho * Math.sqrt(n - 1);
    process.stdout.write(`opening fairness: join × rank χ² ${statistic.toFixed(1)} on ${degrees} df, p = ${p.toFixed(4)}; Spearman ρ = ${rho.toFixed(5)} (z = ${z.toFixed(2)})\n`);
    expect(p).toBeGreaterThan(SIGNIFICANCE);
    expect(2 * normalSurvival(Math.abs(z))).toBeGreaterThan(SIGNIFICANCE);
  });

  it('would catch an unfair opening: the same checks refuse the join order itself', () => {
    const joinOrder = ranks.map((opening) => opening.map((_, joinIndex) => joinIndex));
    const expected = OPENINGS / BINS;
    let statistic = 0;
    for (let member = 0; member < MEMBERS; member++) {
      const counts = new Array<number>(BINS).fill(0);
      for (const opening of joinOrder) counts[Math.floor((opening[member] * BINS) / MEMBERS)]++;
      statistic += counts.reduce((sum, count) => sum + (count - expected) ** 2 / expected, 0);
    }
    expect(chiSquareSurvival(statistic, MEMBERS * (BINS - 1))).toBeLessThan(SIGNIFICANCE);
  });
});
