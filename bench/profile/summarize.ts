/** Self time per function and per package from a V8 .cpuprofile (the format `--cpu-prof` writes). */

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
}

export interface CpuProfile {
  /** Monotonic clock, microseconds (the clock of process.hrtime). */
  startTime: number;
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

export interface ProfileRow {
  name: string;
  ms: number;
  percent: number;
}

export interface ProfileSummary {
  totalMs: number;
  idleMs: number;
  functions: ProfileRow[];
  packages: ProfileRow[];
}

/** `node_modules/@nestjs/core/…` → `@nestjs/core`; project files → `project:<dir>`; the rest by kind. */
export function packageOf(url: string): string {
  const modules = url.lastIndexOf('node_modules/');
  if (modules >= 0) {
    const parts = url.slice(modules + 'node_modules/'.length).split('/');
    return parts[0]?.startsWith('@') ? `${parts[0]}/${parts[1]}` : (parts[0] ?? url);
  }
  if (url.startsWith('node:')) return 'node internals';
  if (url === '') return 'native / GC';
  const dist = url.indexOf('/dist/');
  return dist >= 0 ? `project:${url.slice(dist + 6).split('/').slice(0, 2).join('/')}` : url;
}

function rows(totals: Map<string, number>, totalMs: number): ProfileRow[] {
  return [...totals]
    .map(([name, ms]) => ({ name, ms, percent: (100 * ms) / totalMs }))
    .sort((a, b) => b.ms - a.ms);
}

/** Only samples taken inside `window` (monotonic microseconds) count, e.g. the load, not start-up. */
export function summarizeProfile(profile: CpuProfile, window?: { fromUs: number; toUs: number }): ProfileSummary {
  const byId = new Map(profile.nodes.map((node) => [node.id, node]));
  const functions = new Map<string, number>();
  const packages = new Map<string, number>();
  let totalMs = 0;
  let idleMs = 0;
  let at = profile.startTime;
  profile.samples.forEach((id, index) => {
    const deltaUs = profile.timeDeltas[index] ?? 0;
    at += deltaUs;
    if (window && (at < window.fromUs || at > window.toUs)) return;
    const ms = deltaUs / 1000;
    const frame = byId.get(id)?.callFrame;
    if (!frame) return;
    totalMs += ms;
    if (frame.functionName === '(idle)' || frame.functionName === '(program)') {
      idleMs += ms;
      return;
    }
    const file = frame.url.replace(/^.*node_modules\//, '').replace(/^.*\/dist\//, '');
    const name = `${frame.functionName || '(anonymous)'} ${file}:${frame.lineNumber + 1}`;
    functions.set(name, (functions.get(name) ?? 0) + ms);
    const pkg = frame.functionName === '(garbage collector)' ? 'GC' : packageOf(frame.url);
    packages.set(pkg, (packages.get(pkg) ?? 0) + ms);
  });
  const busyMs = Math.max(1, totalMs - idleMs);
  return { totalMs, idleMs, functions: rows(functions, busyMs), packages: rows(packages, busyMs) };
}
