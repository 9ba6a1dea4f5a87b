/**
 * kafkajs 2.2.4 (its latest release) re-arms a timer on the request queue of every broker
 * connection after every response, even when no request waits: with nothing throttled the delay
 * is negative, so each connection runs a 1 ms `setTimeout` loop for as long as it lives
 * (tulios/kafkajs#1556; the fix proposed upstream in #1667 is unreleased). Measured here, an idle
 * service with one consumer and one producer spent ~45 ms of CPU per second in that loop, and a
 * busy one the same on top of its work.
 *
 * This applies the upstream proposal: a check is scheduled only while requests wait — when the
 * connection is throttled, at the end of the throttle; when it has too many requests in flight,
 * after the usual 10 ms (a response also triggers the check). With nothing pending, the next
 * request goes out at once or schedules its own check when it has to wait.
 */

const CHECK_PENDING_REQUESTS_INTERVAL_MS = 10;

/** The part of kafkajs's internal RequestQueue the fix touches. */
export interface RequestQueueInternals {
  pending: unknown[];
  throttledUntil: number;
  throttleCheckTimeoutId: ReturnType<typeof setTimeout> | null;
  checkPendingRequests(): void;
  scheduleCheckPendingRequests(): void;
}

interface RequestQueueClass {
  prototype: RequestQueueInternals;
}

function scheduleCheckPendingRequests(this: RequestQueueInternals): void {
  if (this.throttleCheckTimeoutId || this.pending.length === 0) return;
  const untilUnthrottled = this.throttledUntil - Date.now();
  this.throttleCheckTimeoutId = setTimeout(
    () => {
      this.throttleCheckTimeoutId = null;
      this.checkPendingRequests();
    },
    untilUnthrottled > 0 ? untilUnthrottled : CHECK_PENDING_REQUESTS_INTERVAL_MS,
  );
}

/** kafkajs's RequestQueue class (an internal module: kafkajs has no `exports` map). */
export function kafkajsRequestQueue(): RequestQueueClass {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return require('kafkajs/src/network/requestQueue') as RequestQueueClass;
}

let applied = false;

/** Installs the fix once per process, before the first Kafka connection. */
export function fixKafkajsRequestQueue(): void {
  if (applied) return;
  const { prototype } = kafkajsRequestQueue();
  if (typeof prototype.scheduleCheckPendingRequests !== 'function') {
    throw new Error('kafkajs RequestQueue has no scheduleCheckPendingRequests: check the fix in kafkajs-request-queue.fix.ts against this kafkajs version');
  }
  prototype.scheduleCheckPendingRequests = scheduleCheckPendingRequests;
  applied = true;
}
