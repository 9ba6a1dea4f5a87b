import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { Allow, IsInt, IsOptional, IsUUID, Max, Min } from 'class-validator';

export const IDEMPOTENCY_KEY_HEADER = 'idempotency-key';
export const MAX_CHARGE_AMOUNT = 10_000_000;
export const MAX_BALANCE = 1_000_000_000;

export enum LedgerEntryType {
  CHARGE = 'CHARGE',
  PAYMENT = 'PAYMENT',
  REFUND = 'REFUND',
}

export enum PaymentStatus {
  COMPLETED = 'COMPLETED',
  REFUNDED = 'REFUNDED',
}

/**
 * The amount is validated by the use case (not here) so that any non-integer or out-of-range
 * amount answers 400 INVALID_AMOUNT, as the contract says, rather than VALIDATION_FAILED.
 */
export class ChargeRequest {
  @ApiProperty({ type: 'integer', description: 'Integer won, 1..10,000,000', example: 50000, minimum: 1, maximum: MAX_CHARGE_AMOUNT })
  // @Allow: a known property (so the whitelist keeps it) that class-validator does not check.
  @Allow()
  amount!: unknown;
}

/** Idempotency-Key values: printable, no spaces, 1..255 characters (UUIDs, ULIDs fit). */
export const IDEMPOTENCY_KEY_PATTERN = /^[A-Za-z0-9_.:-]{1,255}$/;

export const MAX_LIST_LIMIT = 1_000;

/** Optional `?limit=` of the balance history and payment lists (newest first). */
export class ListLimitQuery {
  @ApiPropertyOptional({ type: 'integer', minimum: 1, maximum: MAX_LIST_LIMIT, default: MAX_LIST_LIMIT, description: 'Most entries returned, newest first' })
  @IsOptional()
  // Decimal digits only: `0x10`, `1e2` or ` 5` stay strings and fail @IsInt (Number() would take them).
  @Transform(({ value }: { value: unknown }) => (typeof value === 'string' && /^[0-9]{1,9}$/.test(value) ? Number(value) : value))
  @IsInt()
  @Min(1)
  @Max(MAX_LIST_LIMIT)
  limit?: number;
}

export class BalanceResponse {
  @ApiProperty({ format: 'uuid' }) userId!: string;
  @ApiProperty({ type: 'integer', description: 'Integer won', example: 50000 }) balance!: number;
}

export class LedgerEntryResponse {
  @ApiProperty({ enum: LedgerEntryType }) type!: LedgerEntryType;
  @ApiProperty({ type: 'integer', description: 'Always positive; type gives the direction' }) amount!: number;
  @ApiProperty({ type: 'integer' }) balanceAfter!: number;
  @ApiProperty({ format: 'date-time' }) at!: string;
}

export class PayRequest {
  @ApiProperty({ format: 'uuid' })
  @IsUUID('all')
  reservationId!: string;
}

export class PaymentIdParams {
  @ApiProperty({ format: 'uuid' })
  @IsUUID('all')
  paymentId!: string;
}

export class PaymentResponse {
  @ApiProperty({ format: 'uuid' }) paymentId!: string;
  @ApiProperty({ format: 'uuid' }) reservationId!: string;
  @ApiProperty({ format: 'uuid' }) userId!: string;
  @ApiProperty({ type: 'integer', description: 'Integer won' }) amount!: number;
  @ApiProperty({ enum: PaymentStatus }) status!: PaymentStatus;
  @ApiProperty({ format: 'date-time' }) paidAt!: string;
  @ApiPropertyOptional({ format: 'date-time', description: 'Set once the payment was refunded' }) refundedAt?: string;
}
