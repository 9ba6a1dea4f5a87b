import type { Readable } from 'node:stream';
import { SYSTEM_ID_HEADER } from '@concert/platform';

type AnswerHeaders = Record<string, string | string[] | undefined>;

/** Enough of another system's id to recognise it in a log line, never an unbounded header. */
const SHOWN_ID_LENGTH = 64;

/**
 * Why an upstream's answer is not this system's: it lacks `x-system-id`, or names another system.
 * Undefined when the answer is ours, and always when this gateway has no SYSTEM_ID (nothing to
 * compare with). A stranger on a replica's port is most likely an orphan of an earlier start of
 * the system still holding it.
 */
export function strangerOf(headers: AnswerHeaders, systemId: string | undefined): string | undefined {
  if (systemId === undefined) return undefined;
  const answered = headers[SYSTEM_ID_HEADER];
  if (answered === systemId) return undefined;
  if (answered === undefined) return `answers as another system (no ${SYSTEM_ID_HEADER})`;
  const shown = (Array.isArray(answered) ? answered.join(', ') : answered).slice(0, SHOWN_ID_LENGTH);
  return `answers as another system (${SYSTEM_ID_HEADER}: ${shown})`;
}

/**
 * Drops a stranger's answer unread (it may be an endless event stream) and with it the
 * connection. Destroying a body before its end makes undici raise an abort error on it: expected
 * here, so it is swallowed instead of becoming an unhandled 'error' event.
 */
export function discardAnswer(body: Readable): void {
  body.on('error', () => undefined);
  body.destroy();
}
