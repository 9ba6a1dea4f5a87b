import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ErrorCode } from '../errors/error-code';

/** The error body of every failed call (documents {@link ErrorBody} in OpenAPI). */
export class ErrorResponse {
  @ApiProperty({ type: 'integer', example: 409 }) statusCode!: number;
  @ApiProperty({ enum: ErrorCode, example: ErrorCode.SEAT_UNAVAILABLE }) code!: ErrorCode;
  @ApiProperty({ example: 'Seat 7 is held by another user' }) message!: string;
  @ApiProperty({ example: '3f6c1a2e-…' }) requestId!: string;
  @ApiPropertyOptional({ description: 'Validation problems, when code is VALIDATION_FAILED' }) details?: unknown;
}

/** Headers the gateway sets on calls it forwards to services after verifying the queue token. */
export const IdentityHeaders = {
  UserId: 'x-user-id',
  QueueTokenId: 'x-queue-token-id',
} as const;
