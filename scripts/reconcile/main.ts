/**
 * `npm run reconcile`: prints the reconciliation report; exits 1 on drift.
 * Options: --settle-ms N (how long in-flight sagas may take to settle, default 10000).
 */
import { databaseConfigSchema, loadConfig } from '@concert/platform';
import { reconcile } from './reconcile';

async function main(): Promise<void> {
  const { DATABASE_URL } = loadConfig(databaseConfigSchema);
  const settleIndex = process.argv.indexOf('--settle-ms');
  const settleMs = settleIndex > 0 ? Number(process.argv[settleIndex + 1]) : 10_000;
  const report = await reconcile(DATABASE_URL, settleMs);
  const summary = [
    `sold seats:             ${report.soldSeats}`,
    `confirmed reservations: ${report.confirmedReservations}`,
    `completed payments:     ${report.completedPayments} (refunded: ${report.refundedPayments})`,
    `wallets checked:        ${report.wallets}`,
    `events still in flight: ${report.pendingEvents}`,
  ];
  process.stdout.write(`${summary.join('\n')}\n`);
  if (report.drift.length > 0) {
    process.stdout.write(`DRIFT (${report.drift.length}):\n${report.drift.map((drift) => `  - [${drift.check}] ${drift.detail}`).join('\n')}\n`);
    process.exit(1);
  }
  process.stdout.write('reconciliation: clean\n');
}

main().catch((error: unknown) => {
  process.stderr.write(`reconcile failed: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(2);
});
