import { reconcile } from '../../../scripts/reconcile/reconcile';

/** Fails the test with the drift found, if any (after letting in-flight sagas settle). */
export async function assertReconciled(databaseUrl: string): Promise<void> {
  const report = await reconcile(databaseUrl, 15_000);
  expect(report.drift).toEqual([]);
  expect(report.soldSeats).toBe(report.confirmedReservations);
  expect(report.confirmedReservations).toBe(report.completedPayments);
}
