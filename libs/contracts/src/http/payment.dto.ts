import { ApiProperty } from '@nestjs/swagger';
import { IsUUID } from 'class-validator';

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
  @ApiProperty({ description: 'Integer won, 1..10,000,000', example: 50000, minimum: 1, maximum: MAX_CHARGE_AMOUNT })
  amount!: unknown;
}

export class BalanceResponse {
  @ApiProperty({ format: 'uuid' }) userId!: string;
  @ApiProperty({ description: 'Integer won', example: 50000 }) balance!: number;
}

export class LedgerEntryResponse {
  @ApiProperty({ enum: LedgerEntryType }) type!: LedgerEntryType;
  @ApiProperty({ description: 'Always positive; type gives the direction' }) amount!: number;
  @ApiProperty() balanceAfter!: number;
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
  @ApiProperty({ description: 'Integer won' }) amount!: number;
  @ApiProperty({ enum: PaymentStatus }) status!: PaymentStatus;
  @ApiProperty({ format: 'date-time' }) paidAt!: string;
}
