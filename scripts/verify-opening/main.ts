/**
 * `npm run verify-opening -- <concertId> [--gateway http://127.0.0.1:3000]`: checks a room's sale
 * opening the way any buyer can, from the public fairness record alone. The seed published after
 * the opening must hash to the commitment published before it, and the published order must be
 * the members' order under that seed. Exits 0 when both hold, 1 when either fails, 2 when the
 * record cannot be read or the sale has not opened yet.
 */
import { verifyOpening } from '@concert/platform';
import type { WaitingRoomFairnessView } from '@concert/contracts';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

async function main(): Promise<number> {
  const args = process.argv.slice(2);
  const gatewayAt = args.indexOf('--gateway');
  const gateway = (gatewayAt >= 0 ? args[gatewayAt + 1] : undefined) ?? process.env.GATEWAY_URL ?? `http://127.0.0.1:${process.env.GATEWAY_PORT ?? '3000'}`;
  const concertId = args.find((arg, index) => UUID.test(arg) && index !== gatewayAt + 1);
  if (!concertId) {
    process.stderr.write('usage: npm run verify-opening -- <concertId> [--gateway <url>]\n');
    return 2;
  }
  const response = await fetch(`${gateway}/api/v1/concerts/${concertId}/waiting-room/fairness`);
  if (response.status !== 200) {
    process.stderr.write(`the fairness record answered ${response.status}: ${await response.text()}\n`);
    return 2;
  }
  const record = (await response.json()) as WaitingRoomFairnessView;
  process.stdout.write(`sale opens at:   ${record.saleOpensAt ?? 'no scheduled opening'}\nseed commitment: ${record.seedCommitment ?? '-'}\n`);
  if (record.seed === null || record.order === null || record.seedCommitment === null) {
    process.stdout.write('the sale has not opened yet: nothing to verify (the seed is published at the opening)\n');
    return 2;
  }
  const verdict = verifyOpening({ seed: record.seed, seedCommitment: record.seedCommitment, order: record.order });
  process.stdout.write(
    [
      `seed:            ${record.seed}`,
      `pre-queue:       ${record.order.length} members`,
      `commitment:      ${verdict.commitmentHolds ? 'holds (SHA-256 of the seed is the commitment published before the opening)' : 'FAILS'}`,
      `order:           ${verdict.orderHolds ? 'holds (the published order is the members sorted by their key under the seed)' : 'FAILS'}`,
    ].join('\n') + '\n',
  );
  return verdict.commitmentHolds && verdict.orderHolds ? 0 : 1;
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(`verify-opening failed: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(2);
  },
);
