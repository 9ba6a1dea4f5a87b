/**
 * npm run chaos [-- --minutes 10 --buyers 12 --active 6 --settle 120 --kinds service,worker,redis,kafka,postgres]
 *
 * Runs the system under a steady purchase load for the given minutes while killing one of its
 * parts at random, then prints the table of what happened and exits 1 if anything that must hold
 * did not (see chaos.ts). Local only: it starts its own Postgres, Redis and Kafka on spare ports.
 */
import { writeFileSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { FAULT_KINDS, type FaultKind, runChaos, table, violations } from './chaos';

function option(name: string, fallback: string): string {
  const index = process.argv.indexOf(`--${name}`);
  return index >= 0 && process.argv[index + 1] !== undefined ? (process.argv[index + 1]) : fallback;
}

async function main(): Promise<void> {
  const minutes = Number(option('minutes', '10'));
  const kinds = option('kinds', FAULT_KINDS.join(',')).split(',') as FaultKind[];
  const unknown = kinds.filter((kind) => !FAULT_KINDS.includes(kind));
  if (!(minutes > 0) || unknown.length > 0) throw new Error(`usage: npm run chaos -- --minutes <n> [--kinds ${FAULT_KINDS.join(',')}]`);
  const logDir = path.join(__dirname, '..', '..', '.infra', 'chaos');
  mkdirSync(logDir, { recursive: true });
  const logFile = path.join(logDir, `chaos-${new Date().toISOString().replace(/[:.]/g, '-')}.log`);
  const lines: string[] = [];
  const log = (line: string) => {
    lines.push(line);
    if (!line.includes('| ')) process.stdout.write(`chaos: ${line}\n`);
  };
  const startedAt = new Date();
  try {
    const report = await runChaos({
      minutes,
      buyers: Number(option('buyers', '12')),
      activeUsers: Number(option('active', '6')),
      faultEveryMs: [10_000, 25_000],
      downMs: [2_000, 10_000],
      settleSeconds: Number(option('settle', '120')),
      gatewayPort: Number(option('port', '14000')),
      kinds,
      log,
    });
    const found = violations(report);
    process.stdout.write(`\nchaos run of ${startedAt.toISOString()} (${report.faults.length} faults)\n\n${table(report)}\n\n`);
    for (const fault of report.faults) process.stdout.write(`  ${String(fault.atSecond).padStart(4)} s  ${fault.target} down ${fault.downMs} ms\n`);
    process.stdout.write(found.length === 0 ? '\nchaos: every invariant held\n' : `\nchaos: FAILED: ${found.join('; ')}\n`);
    process.exitCode = found.length === 0 ? 0 : 1;
  } finally {
    writeFileSync(logFile, `${lines.join('\n')}\n`);
    process.stdout.write(`chaos: process output in ${logFile}\n`);
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`chaos: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});
