import { readFileSync } from 'node:fs';

/** The pid of the nearest ancestor that is npm (`npm start`), from /proc; undefined elsewhere or when started by hand. */
export function npmAncestor(pid = process.ppid, read = (path: string) => readFileSync(path, 'utf8')): number | undefined {
  for (let current = pid, hops = 0; current > 1 && hops < 8; hops++) {
    try {
      const command = read(`/proc/${current}/cmdline`).split('\0').filter(Boolean);
      // npm renames itself ("npm start", its process title); started by path it is …/npm or …/npm-cli.js.
      if (/^npm( |$)/.test(command[0] ?? '') || command.some((part) => /(^|\/)npm(-cli\.js)?$/.test(part))) return current;
      // Field 4 of /proc/<pid>/stat is the parent (after the command in parentheses, which may hold spaces).
      const stat = read(`/proc/${current}/stat`);
      current = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
    } catch {
      return undefined;
    }
  }
  return undefined;
}

/**
 * npm start runs this supervisor under npm (and a shell). If npm itself is killed, even by
 * SIGKILL, nothing would stop the system any more: the supervisor watches npm and stops every
 * process it started when npm is gone.
 */
export function watchLauncher(onGone: () => void, launcher = npmAncestor(), everyMs = 1_000): void {
  if (launcher === undefined) return;
  const timer = setInterval(() => {
    try {
      process.kill(launcher, 0);
    } catch {
      clearInterval(timer);
      onGone();
    }
  }, everyMs);
  timer.unref();
}
