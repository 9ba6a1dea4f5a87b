import { spawn } from 'node:child_process';
import { npmAncestor, watchLauncher } from './launcher-watch';

describe('the npm start supervisor watches npm', () => {
  it('finds the nearest npm ancestor through /proc, across a shell, and nothing without one', () => {
    const proc: Record<string, { cmdline: string; stat: string }> = {
      '40': { cmdline: 'node\0dist/scripts/system/start.js\0', stat: '40 (node) S 30 40' },
      '30': { cmdline: 'sh\0-c\0bash scripts/start.sh\0', stat: '30 (sh) S 20 30' },
      '20': { cmdline: 'npm start\0', stat: '20 (npm start) S 10 20' },
      '21': { cmdline: '/usr/bin/node\0/usr/lib/node_modules/npm/bin/npm-cli.js\0start\0', stat: '21 (node) S 10 21' },
      '10': { cmdline: '-bash\0', stat: '10 (bash) S 1 10' },
    };
    const read = (path: string) => {
      const [, pid, file] = /^\/proc\/(\d+)\/(\w+)$/.exec(path) ?? [];
      const entry = proc[pid ?? ''];
      if (!entry) throw new Error('ENOENT');
      return file === 'cmdline' ? entry.cmdline : entry.stat;
    };
    // npm under its process title ("npm start"), or by path (…/npm-cli.js).
    expect(npmAncestor(40, read)).toBe(20);
    proc['30'] = { cmdline: 'sh\0-c\0bash scripts/start.sh\0', stat: '30 (sh) S 21 30' };
    expect(npmAncestor(40, read)).toBe(21);
    // A shell is not npm ("npmrc-tool" neither): nothing to watch.
    proc['10'] = { cmdline: 'npmrc-tool\0', stat: '10 (npmrc-tool) S 1 10' };
    expect(npmAncestor(10, read)).toBeUndefined();
  });

  it('calls back once the watched process is gone, even after SIGKILL', async () => {
    const child = spawn(process.execPath, ['-e', 'setInterval(() => {}, 1000)'], { stdio: 'ignore' });
    const gone = new Promise<void>((resolve) => watchLauncher(resolve, child.pid, 50));
    let called = false;
    void gone.then(() => (called = true));
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(called).toBe(false);
    child.kill('SIGKILL');
    await gone;
    expect(called).toBe(true);
  });
});
