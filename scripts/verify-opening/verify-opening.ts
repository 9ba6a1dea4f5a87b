import { parseArgs } from 'node:util';
import { verifyOpening } from '@concert/platform';
import type { WaitingRoomFairnessView } from '@concert/contracts';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export interface VerifyOpeningArgs {
  concertId: string;
  gateway: string;
}

/** `<concertId> [--gateway <url>]`; the gateway defaults to GATEWAY_URL, else 127.0.0.1:GATEWAY_PORT (3000). */
export function parseVerifyOpeningArgs(argv: readonly string[], env: NodeJS.ProcessEnv): VerifyOpeningArgs {
  const { values, positionals } = parseArgs({ args: [...argv], options: { gateway: { type: 'string' } }, allowPositionals: true });
  const [concertId] = positionals;
  if (positionals.length !== 1 || !concertId || !UUID.test(concertId)) throw new Error('usage: npm run verify-opening -- <concertId> [--gateway <url>]');
  return { concertId, gateway: values.gateway ?? env.GATEWAY_URL ?? `http://127.0.0.1:${env.GATEWAY_PORT ?? '3000'}` };
}

export type OpeningCheck = { opened: false; lines: string[] } | { opened: true; holds: boolean; lines: string[] };

/** What the public fairness record proves: nothing before the opening; after it, whether seed and order hold. */
export function checkOpening(record: WaitingRoomFairnessView): OpeningCheck {
  const lines = [`sale opens at:   ${record.saleOpensAt ?? 'no scheduled opening'}`, `seed commitment: ${record.seedCommitment ?? '-'}`];
  if (record.seed === null || record.order === null || record.seedCommitment === null) {
    return { opened: false, lines: [...lines, 'the sale has not opened yet: nothing to verify (the seed is published at the opening)'] };
  }
  const verdict = verifyOpening({ seed: record.seed, seedCommitment: record.seedCommitment, order: record.order });
  return {
    opened: true,
    holds: verdict.commitmentHolds && verdict.orderHolds,
    lines: [
      ...lines,
      `seed:            ${record.seed}`,
      `pre-queue:       ${record.order.length} members`,
      `commitment:      ${verdict.commitmentHolds ? 'holds (SHA-256 of the seed is the commitment published before the opening)' : 'FAILS'}`,
      `order:           ${verdict.orderHolds ? 'holds (the published order is the members sorted by their key under the seed)' : 'FAILS'}`,
    ],
  };
}
