import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { FAULT_KINDS, runChaos, table, violations } from '../../scripts/chaos/chaos';
import { notableLines } from './support/saga-diagnostics';

const LOG_DIR = path.join(__dirname, '..', '..', '.infra', 'e2e-logs');

/**
 * The two-minute version of `npm run chaos`: every kind of fault (a service instance, a worker,
 * Redis, Kafka, Postgres) at least once under a steady purchase load, then every invariant checked.
 */
describe('chaos: random kills under a purchase load', () => {
  it('loses no place, finishes every saga, sells no seat twice and reconciles', async () => {
    const lines: string[] = [];
    const report = await runChaos({
      minutes: 2,
      buyers: 12,
      activeUsers: 6,
      faultEveryMs: [6_000, 10_000],
      downMs: [2_000, 6_000],
      settleSeconds: 90,
      gatewayPort: 10_000 + 200 * Math.floor(Math.random() * 100),
      kinds: FAULT_KINDS,
      log: (line) => lines.push(line),
    }).finally(() => {
      mkdirSync(LOG_DIR, { recursive: true });
      writeFileSync(path.join(LOG_DIR, 'chaos.log'), `${lines.join('\n')}\n`);
    });
    process.stdout.write(`${table(report)}\n${report.faults.map((fault) => `${fault.atSecond} s ${fault.target} down ${fault.downMs} ms`).join('\n')}\n`);
    // When something does not hold, the log says what the services saw.
    if (violations(report).length > 0) process.stdout.write(`--- notable log lines ---\n${notableLines(lines, 60).join('\n')}\n`);
    expect(new Set(report.faults.map((fault) => fault.kind))).toEqual(new Set(FAULT_KINDS));
    expect(report.load.paid.size).toBeGreaterThan(0);
    expect(report.reconciliation.confirmedReservations).toBe(report.load.paid.size);
    expect(violations(report)).toEqual([]);
  }, 420_000);
});
