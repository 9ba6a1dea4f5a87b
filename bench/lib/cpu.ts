/**
 * CPU time per process group, read from /proc (Linux): where a scenario's work is spent across the
 * system's processes, the databases and the load generator itself. Only the difference between
 * two samples means anything.
 */
import { readdirSync, readFileSync } from 'node:fs';
import os from 'node:os';
import type { RunningSystem } from '../../scripts/system/system';

/** CPU milliseconds so far per process (pid → group and time); the load generator is pid 0. */
export type CpuSample = Map<number, { group: string; ms: number }>;

/** Infrastructure processes by their command name. */
const INFRASTRUCTURE: Record<string, string> = { postgres: 'postgres', 'redis-server': 'redis', java: 'kafka (java)' };
const CLOCK_TICKS_PER_SECOND = 100;

/** utime + stime of one process in milliseconds, or 0 when it has gone. */
export function cpuMsOf(pid: number): number {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // The command name (field 2) may contain spaces: count fields after its closing parenthesis.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return ((Number(fields[11]) + Number(fields[12])) * 1000) / CLOCK_TICKS_PER_SECOND;
  } catch {
    return 0;
  }
}

function commandOf(pid: string): string {
  try {
    return readFileSync(`/proc/${pid}/comm`, 'utf8').trim();
  } catch {
    return '';
  }
}

/** The pids of the processes whose command name is `command` (e.g. `redis-server`). */
export function pidsNamed(command: string): number[] {
  if (process.platform !== 'linux') return [];
  return readdirSync('/proc')
    .filter((entry) => /^\d+$/.test(entry) && commandOf(entry) === command)
    .map(Number);
}

/** CPU milliseconds used so far by each group: every process of the system by service, the infrastructure, and this process (the load generator). */
export function sampleCpu(system: RunningSystem): CpuSample {
  const sample: CpuSample = new Map();
  for (const managed of system.processes) {
    const { pid } = managed.child;
    if (pid !== undefined) sample.set(pid, { group: managed.service, ms: cpuMsOf(pid) });
  }
  if (process.platform === 'linux') {
    for (const pid of readdirSync('/proc').filter((entry) => /^\d+$/.test(entry))) {
      const group = INFRASTRUCTURE[commandOf(pid)];
      if (group) sample.set(Number(pid), { group, ms: cpuMsOf(Number(pid)) });
    }
  }
  const own = process.cpuUsage();
  sample.set(0, { group: 'load generator (bench)', ms: (own.user + own.system) / 1000 });
  return sample;
}

/** CPU milliseconds per group between two samples, largest first. */
export function cpuBetween(before: CpuSample, after: CpuSample): Array<{ group: string; ms: number }> {
  // Per process, so that one that ended in between (a closed database connection) changes nothing;
  // one that started in between counts whole. A process that ended loses its last slice: a lower bound.
  const groups = new Map<string, number>();
  for (const [pid, { group, ms }] of after) groups.set(group, (groups.get(group) ?? 0) + ms - (before.get(pid)?.ms ?? 0));
  return [...groups]
    .map(([group, ms]) => ({ group, ms }))
    .filter((entry) => entry.ms > 0)
    .sort((a, b) => b.ms - a.ms);
}

/** Busy CPU milliseconds of the whole machine so far (every core; /proc/stat), or undefined off Linux. */
export function machineBusyMs(): number | undefined {
  try {
    const [first] = readFileSync('/proc/stat', 'utf8').split('\n');
    // cpu user nice system idle iowait irq softirq steal …
    const ticks = (first ?? '').trim().split(/\s+/).slice(1).map(Number);
    const busy = (ticks[0] ?? 0) + (ticks[1] ?? 0) + (ticks[2] ?? 0) + (ticks[5] ?? 0) + (ticks[6] ?? 0) + (ticks[7] ?? 0);
    return (busy * 1000) / CLOCK_TICKS_PER_SECOND;
  } catch {
    return undefined;
  }
}

/**
 * Waits until the machine has been at most `busyShare` busy (of all its cores) for two seconds in a
 * row, or `timeoutMs` passed: the work a load left behind (events still being consumed, relays
 * draining) must not fall into the next measurement. Returns how long it waited.
 */
export async function waitUntilQuiet({ busyShare = 0.35, timeoutMs = 60_000 }: { busyShare?: number; timeoutMs?: number } = {}): Promise<number> {
  const started = Date.now();
  const capacityPerSecond = 1000 * os.availableParallelism();
  let quietSeconds = 0;
  while (quietSeconds < 2 && Date.now() - started < timeoutMs) {
    const before = machineBusyMs();
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    const after = machineBusyMs();
    if (before === undefined || after === undefined) return Date.now() - started;
    quietSeconds = (after - before) / capacityPerSecond <= busyShare ? quietSeconds + 1 : 0;
  }
  return Date.now() - started;
}
