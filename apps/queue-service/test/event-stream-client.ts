import { request } from 'undici';
import { assertionHeaders, waitFor } from '@concert/testing';
import { claimedUserOf, httpAgent, type QueueTokenBody } from './queue-test-app';

export interface EventStreamClient {
  status: number;
  contentType: string | undefined;
  events: QueueTokenBody[];
  comments: string[];
  ended: () => boolean;
  next(predicate: (event: QueueTokenBody) => boolean, timeoutMs?: number): Promise<QueueTokenBody>;
  close(): void;
}

const EVENTS_PATH = '/api/v1/queue/tokens/me/events';

/** Opens GET me/events as `caller` (by default the user the token names) and parses the `data:` lines as they arrive. */
export async function openEventStream(url: string, token: string, caller: string = claimedUserOf(token)): Promise<EventStreamClient> {
  const abort = new AbortController();
  const response = await request(`${url}${EVENTS_PATH}`, {
    headers: { 'x-queue-token': token, ...assertionHeaders('GET', EVENTS_PATH, caller) },
    dispatcher: httpAgent(),
    signal: abort.signal,
  });
  const events: QueueTokenBody[] = [];
  const comments: string[] = [];
  let ended = false;
  let buffer = '';
  response.body.setEncoding('utf8');
  response.body.on('data', (chunk: string) => {
    buffer += chunk;
    let boundary = buffer.indexOf('\n\n');
    while (boundary >= 0) {
      const block = buffer.slice(0, boundary);
      buffer = buffer.slice(boundary + 2);
      for (const line of block.split('\n')) {
        if (line.startsWith('data: ')) events.push(JSON.parse(line.slice(6)) as QueueTokenBody);
        else if (line.startsWith(':')) comments.push(line);
      }
      boundary = buffer.indexOf('\n\n');
    }
  });
  response.body.on('end', () => {
    ended = true;
  });
  response.body.on('error', () => {
    ended = true;
  });
  const contentType = response.headers['content-type'];
  return {
    status: response.statusCode,
    contentType: Array.isArray(contentType) ? contentType[0] : contentType,
    events,
    comments,
    ended: () => ended,
    next: (predicate, timeoutMs = 5_000) =>
      waitFor(
        () => {
          const found = events.find(predicate);
          if (!found) throw new Error(`no matching event among ${JSON.stringify(events.map((event) => [event.status, event.position]))}`);
          return found;
        },
        { timeoutMs, intervalMs: 20 },
      ),
    close: () => abort.abort(),
  };
}
