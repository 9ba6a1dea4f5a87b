/** How long a process may take to close once its supervisor is gone, before it exits anyway. */
export const SUPERVISOR_GONE_EXIT_MS = 4_000;

/**
 * A process started by a supervisor (`npm start`, the test and bench systems) over an IPC
 * channel exits when that channel closes: the supervisor died, SIGKILL included, so nobody would
 * stop or restart this process any more, and it must not keep its port and serve as if it were
 * still part of a system. It closes the app first (in-flight requests, consumers, pools), and
 * exits within SUPERVISOR_GONE_EXIT_MS whatever happens. A process started without a channel
 * (docker, Kubernetes, by hand) is left alone.
 */
export function exitWithSupervisor(close: () => Promise<unknown>, log: (message: string) => void = (message) => process.stderr.write(`${message}\n`)): boolean {
  // Started with a channel: Node defines process.send, and keeps it after the channel has closed.
  if (typeof process.send !== 'function') return false;
  if (!process.connected || !process.channel) {
    // The supervisor died before this process got here (it was still loading its modules).
    log('the supervisor is gone (its IPC channel closed before this process started): exiting');
    process.exit(1);
  }
  // The channel alone must not keep the process alive.
  process.channel.unref();
  process.once('disconnect', () => {
    log('the supervisor is gone (its IPC channel closed): stopping');
    setTimeout(() => process.exit(1), SUPERVISOR_GONE_EXIT_MS).unref();
    close().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  });
  return true;
}
