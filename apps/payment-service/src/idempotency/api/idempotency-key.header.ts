import { DomainError, ErrorCode, IDEMPOTENCY_KEY_PATTERN } from '@concert/contracts';

export const IDEMPOTENT_REPLAY_HEADER = 'idempotent-replayed';

/** The Idempotency-Key header (optional): undefined when absent; 400 VALIDATION_FAILED when malformed. */
export function idempotencyKeyOf(header: string | string[] | undefined): string | undefined {
  if (header === undefined) return undefined;
  if (Array.isArray(header) || !IDEMPOTENCY_KEY_PATTERN.test(header)) {
    throw new DomainError(
      ErrorCode.VALIDATION_FAILED,
      'Idempotency-Key must be 1 to 255 characters of letters, digits, "_", "-", "." or ":"',
      { problems: ['Idempotency-Key: malformed'] },
    );
  }
  return header;
}
