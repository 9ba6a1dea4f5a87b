/**
 * `npm run verify-opening -- <concertId> [--gateway http://127.0.0.1:3000]`: checks a room's sale
 * opening the way any buyer can, from the public fairness record alone. The seed published after
 * the opening must hash to the commitment published before it, and the published order must be
 * the members' order under that seed. Exits 0 when both hold, 1 when either fails, 2 when the
 * record cannot be read or the sale has not opened yet.
 */
import type { WaitingRoomFairnessView } from '@concert/contracts';
import { checkOpening, parseVerifyOpeningArgs } from './verify-opening';

async function main(): Promise<number> {
  const { concertId, gateway } = parseVerifyOpeningArgs(process.argv.slice(2), process.env);
  const response = await fetch(`${gateway}/api/v1/concerts/${concertId}/waiting-room/fairness`);
  if (response.status !== 200) {
    process.stderr.write(`the fairness record answered ${response.status}: ${await response.text()}\n`);
    return 2;
  }
  const check = checkOpening((await response.json()) as WaitingRoomFairnessView);
  process.stdout.write(`${check.lines.join('\n')}\n`);
  if (!check.opened) return 2;
  return check.holds ? 0 : 1;
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(`verify-opening failed: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(2);
  },
);
