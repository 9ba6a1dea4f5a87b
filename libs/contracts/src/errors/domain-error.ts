import { type ErrorCode } from './error-code';

/**
 * A business rule violation. Use cases and domain objects throw these (never HTTP exceptions);
 * the code survives process boundaries and is mapped to a status by the global filter.
 */
export class DomainError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly details?: unknown,
  ) {
    super(message);
    this.name = new.target.name;
  }
}

/** The error body every service and the gateway answer with (shared/API.md). */
export interface ErrorBody {
  statusCode: number;
  code: ErrorCode;
  message: string;
  requestId: string;
  details?: unknown;
}
