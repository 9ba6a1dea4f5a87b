import { ApiFailure } from './api-error';

/** What an openapi-fetch call resolves to. */
interface Answer<T> {
  data?: T;
  error?: unknown;
  response: Response;
}

/** The body of a successful answer; an {@link ApiFailure} for an error answer or no answer at all. */
export async function answered<T>(call: Promise<Answer<T>>): Promise<T> {
  let answer: Answer<T>;
  try {
    answer = await call;
  } catch (error) {
    throw ApiFailure.unreachable(error);
  }
  if (answer.response.ok && answer.data !== undefined) return answer.data;
  throw ApiFailure.fromAnswer(answer.response.status, answer.error, answer.response.headers.get('retry-after'));
}

/** A fresh Idempotency-Key: one per thing the user means to do once (a charge, a payment). */
export function idempotencyKey(): string {
  return crypto.randomUUID();
}
