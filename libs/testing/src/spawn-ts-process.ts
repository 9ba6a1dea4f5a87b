import { type ChildProcess, spawn } from 'node:child_process';
import * as path from 'node:path';

/** The repository root (where tsconfig.json and node_modules are). */
export const repoRoot = path.resolve(__dirname, '../../..');

export interface SpawnTsOptions {
  /** Prefix of the output lines echoed on failure. */
  name: string;
  /** Ready when a line of stdout/stderr matches. */
  readyPattern?: RegExp;
  /** Ready when GET of this URL answers 2xx. */
  readyUrl?: string;
  readyTimeoutMs?: number;
  /** Echo the child's output to this process's stderr as it comes (debugging). */
  echo?: boolean;
}

export interface SpawnedProcess {
  readonly name: string;
  readonly pid: number;
  /** Everything written to stdout and stderr so far. */
  output(): string;
  /** Resolves with the first match of `pattern` in the output from now or already seen. */
  waitForOutput(pattern: RegExp, timeoutMs?: number): Promise<RegExpMatchArray>;
  /** Resolves with the exit code (or signal name) once the process has exited. */
  readonly exited: Promise<number | string>;
  /** SIGTERM, then SIGKILL after `graceMs`; resolves once it exited. */
  stop(graceMs?: number): Promise<number | string>;
  /** SIGKILL at once; resolves once it exited. */
  kill(): Promise<number | string>;
}

/** Every process spawned by this test file, so a forgotten one is killed when the file ends. */
const live = new Set<ChildProcess>();
process.once('exit', () => {
  for (const child of live) child.kill('SIGKILL');
});

/**
 * Runs `node -r @swc-node/register <file>` (TypeScript, path aliases) with `env` added to this
 * process's environment, and waits until it is ready (readyPattern / readyUrl; otherwise until
 * spawned).
 */
export async function spawnTsProcess(file: string, env: Record<string, string | undefined>, options: SpawnTsOptions): Promise<SpawnedProcess> {
  const child = spawn(process.execPath, ['-r', '@swc-node/register', path.resolve(repoRoot, file)], {
    cwd: repoRoot,
    env: { ...process.env, NODE_ENV: 'test', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  live.add(child);
  let output = '';
  const listeners = new Set<() => void>();
  const onData = (chunk: Buffer) => {
    const text = chunk.toString();
    output += text;
    if (options.echo) process.stderr.write(text.replace(/^(?=.)/gm, `[${options.name}] `));
    for (const listener of listeners) listener();
  };
  child.stdout?.on('data', onData);
  child.stderr?.on('data', onData);
  const exited = new Promise<number | string>((resolve) => {
    child.once('exit', (code, signal) => {
      live.delete(child);
      resolve(code ?? signal ?? 'unknown');
      for (const listener of listeners) listener();
    });
  });
  let exitValue: number | string | undefined;
  void exited.then((value) => {
    exitValue = value;
  });

  const waitForOutput = (pattern: RegExp, timeoutMs = 30_000) =>
    new Promise<RegExpMatchArray>((resolve, reject) => {
      const check = () => {
        const match = output.match(pattern);
        if (match) return finish(() => resolve(match));
        if (exitValue !== undefined) return finish(() => reject(failure(`exited (${exitValue}) before printing ${pattern}`)));
      };
      const timer = setTimeout(() => finish(() => reject(failure(`did not print ${pattern} within ${timeoutMs} ms`))), timeoutMs);
      const finish = (settle: () => void) => {
        clearTimeout(timer);
        listeners.delete(check);
        settle();
      };
      listeners.add(check);
      check();
    });

  const failure = (what: string) => new Error(`${options.name} ${what}\n--- output of ${options.name} ---\n${output.slice(-4_000)}`);

  const handle: SpawnedProcess = {
    name: options.name,
    pid: child.pid ?? -1,
    output: () => output,
    waitForOutput,
    exited,
    async stop(graceMs = 5_000) {
      if (exitValue === undefined) child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
      const value = await exited;
      clearTimeout(timer);
      return value;
    },
    async kill() {
      if (exitValue === undefined) child.kill('SIGKILL');
      return exited;
    },
  };

  const timeoutMs = options.readyTimeoutMs ?? 30_000;
  try {
    if (options.readyPattern) await waitForOutput(options.readyPattern, timeoutMs);
    if (options.readyUrl) await waitForUrl(options.readyUrl, timeoutMs, () => exitValue, failure);
  } catch (error) {
    await handle.kill();
    throw error;
  }
  return handle;
}

async function waitForUrl(url: string, timeoutMs: number, exitValue: () => number | string | undefined, failure: (what: string) => Error): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (exitValue() !== undefined) throw failure(`exited (${exitValue()}) before ${url} answered`);
    try {
      const response = await fetch(url, { signal: AbortSignal.timeout(1_000) });
      if (response.ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw failure(`${url} did not answer 2xx within ${timeoutMs} ms`);
}
