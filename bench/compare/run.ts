/**
 * `npm run bench:compare -- --baseline <git-ref> [--rounds n] [--quick]`: the closed-loop journey
 * of this working tree beside another build, in the same run on the same machine.
 *
 * The baseline is checked out in a temporary worktree (.infra/compare/<sha>), installed from its
 * own lockfile and driven by its own benchmark (`npm run bench -- --only journey`), so each build
 * runs the journey driver written for its API. The builds alternate, A B A B, `--rounds` times each
 * (2 by default), on the same shared infrastructure, so both see the machine at the same speeds.
 *
 * Per build it reports, as the median of its rounds: purchases/s, CPU-ms per purchase (in total
 * and per process group), pay → CONFIRMED p50/p99, errors, double bookings and reconciliation,
 * all read from the build's own result file. It also reports two costs Postgres counts itself,
 * over the whole run (start-up, migrations, warm-up and the paced journey included, identically
 * for both builds): **transactions per purchase** (`pg_stat_database` commits and rollbacks,
 * sampled every second because each run drops its databases at the end, so a database counts
 * with its last sample) and **WAL records per purchase** (`pg_stat_wal`, cluster-wide).
 * The last line reads `compare: purchases/s ×R, CPU-ms per purchase ×C (current vs <ref>)`.
 */
import { execFileSync, spawn } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { Client } from 'pg';
import { testInfra } from '@concert/testing';
import { type BuildRound, compareLine, medianRound, readJourney, summarize } from './compare-report';

const ROOT = path.resolve(__dirname, '..', '..');

const { values } = parseArgs({
  options: {
    baseline: { type: 'string' },
    rounds: { type: 'string', default: '2' },
    quick: { type: 'boolean', default: false },
  },
});
if (!values.baseline) throw new Error('usage: npm run bench:compare -- --baseline <git-ref> [--rounds n] [--quick]');
const rounds = Number(values.rounds);
if (!(Number.isInteger(rounds) && rounds >= 1)) throw new Error('--rounds takes a positive integer');

function log(line: string): void {
  process.stdout.write(`[compare] ${line}\n`);
}

function git(args: string[], cwd = ROOT): string {
  return execFileSync('git', args, { cwd, encoding: 'utf8' }).trim();
}

/** The baseline's worktree, installed and ready; reused by later runs of the same commit. */
function prepareBaseline(ref: string): { dir: string; sha: string } {
  const sha = git(['rev-parse', '--verify', `${ref}^{commit}`]);
  const dir = path.join(ROOT, '.infra', 'compare', sha.slice(0, 12));
  if (!existsSync(path.join(dir, '.git'))) {
    mkdirSync(path.dirname(dir), { recursive: true });
    rmSync(dir, { recursive: true, force: true });
    git(['worktree', 'prune']);
    log(`checking out ${ref} (${sha.slice(0, 12)}) in ${path.relative(ROOT, dir)}`);
    git(['worktree', 'add', '--detach', dir, sha]);
  }
  if (!existsSync(path.join(dir, 'node_modules', '.package-lock.json'))) {
    log(`installing ${ref}'s locked dependencies (npm ci)`);
    execFileSync('npm', ['ci', '--no-audit', '--no-fund', '--loglevel=error'], { cwd: dir, stdio: 'inherit' });
  }
  return { dir, sha };
}

/**
 * Watches Postgres's own counters while a run goes on: transactions per database (each database's
 * highest count seen, as the run drops its databases at the end) and WAL records of the cluster.
 */
async function watchPostgres(): Promise<{ stop(): Promise<{ transactions: number; walRecords: number }> }> {
  const client = new Client({ connectionString: testInfra.databaseUrl });
  await client.connect();
  const transactionsOf = async () => {
    const { rows } = await client.query<{ datid: string; total: string }>('SELECT datid::text, (xact_commit + xact_rollback)::text AS total FROM pg_stat_database');
    return new Map(rows.map((row) => [row.datid, Number(row.total)]));
  };
  const walRecords = async () => Number((await client.query<{ records: string }>('SELECT wal_records::text AS records FROM pg_stat_wal')).rows[0]?.records ?? 0);
  const before = await transactionsOf();
  const walBefore = await walRecords();
  const highest = new Map(before);
  const sample = async () => {
    for (const [datid, total] of await transactionsOf()) highest.set(datid, Math.max(total, highest.get(datid) ?? 0));
  };
  let sampling = Promise.resolve();
  const timer = setInterval(() => {
    sampling = sampling.then(sample).catch(() => undefined);
  }, 1_000);
  return {
    async stop() {
      clearInterval(timer);
      await sampling;
      await sample();
      const walAfter = await walRecords();
      await client.end();
      let transactions = 0;
      for (const [datid, total] of highest) transactions += total - (before.get(datid) ?? 0);
      return { transactions, walRecords: walAfter - walBefore };
    },
  };
}

function run(command: string, args: string[], cwd: string): Promise<number | null> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd, stdio: ['ignore', 'inherit', 'inherit'], env: { ...process.env, FORCE_COLOR: '0' } });
    child.once('error', reject);
    child.once('exit', (code) => resolve(code));
  });
}

function resultFiles(dir: string): Set<string> {
  const results = path.join(dir, 'bench', 'results');
  return new Set(existsSync(results) ? readdirSync(results).map((file) => path.join(results, file)) : []);
}

/** One journey run of the build in `dir`, by its own benchmark; its result file is read and, if new, removed. */
async function runJourney(label: string, dir: string): Promise<BuildRound> {
  const before = resultFiles(dir);
  const args = ['run', '--silent', 'bench', '--', '--only', 'journey', ...(values.quick ? ['--quick'] : [])];
  log(`${label}: npm ${args.join(' ')} (in ${path.relative(ROOT, dir) || '.'})`);
  const postgres = await watchPostgres();
  const status = await run('npm', args, dir);
  const { transactions, walRecords } = await postgres.stop();
  if (status !== 0) throw new Error(`${label}: the benchmark exited with ${status}`);
  const created = [...resultFiles(dir)].filter((file) => !before.has(file));
  const json = created.find((file) => file.endsWith('.json'));
  if (!json) throw new Error(`${label}: the benchmark wrote no result file`);
  const round = readJourney(JSON.parse(readFileSync(json, 'utf8')) as unknown, { transactions, walRecords });
  for (const file of created) rmSync(file);
  return round;
}

async function main(): Promise<void> {
  const ref = values.baseline as string;
  const baseline = prepareBaseline(ref);
  const current: BuildRound[] = [];
  const base: BuildRound[] = [];
  for (let round = 1; round <= rounds; round++) {
    base.push(await runJourney(`round ${round}, ${ref}`, baseline.dir));
    current.push(await runJourney(`round ${round}, current`, ROOT));
  }
  const head = git(['rev-parse', '--short=12', 'HEAD']);
  const dirty = git(['status', '--porcelain', '--untracked-files=no']) !== '' ? ' + uncommitted changes' : '';
  process.stdout.write(`\n${summarize(`${ref} (${baseline.sha.slice(0, 12)})`, base)}\n${summarize(`current (${head}${dirty})`, current)}\n\n`);
  process.stdout.write(`${compareLine(medianRound(current), medianRound(base), ref)}\n`);
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});
