import { ApiProperty } from '@nestjs/swagger';
import { IsInt, IsUUID, Max, Min } from 'class-validator';
import { SEATS_PER_SCHEDULE } from './concert.dto';

export enum ReservationStatus {
  HELD = 'HELD',
  CONFIRMED = 'CONFIRMED',
  EXPIRED = 'EXPIRED',
  CANCELLED = 'CANCELLED',
}

export class HoldSeatRequest {
  @ApiProperty({ format: 'uuid' })
  @IsUUID('all')
  scheduleId!: string;

  @ApiProperty({ type: 'integer', minimum: 1, maximum: SEATS_PER_SCHEDULE, example: 7 })
  @IsInt()
  @Min(1)
  @Max(SEATS_PER_SCHEDULE)
  seatNo!: number;
}

export class ReservationIdParams {
  @ApiProperty({ format: 'uuid' })
  @IsUUID('all')
  reservationId!: string;
}

export class UserIdParams {
  @ApiProperty({ format: 'uuid' })
  @IsUUID('all')
  userId!: string;
}

export class ReservationResponse {
  @ApiProperty({ format: 'uuid' }) reservationId!: string;
  @ApiProperty({ format: 'uuid' }) userId!: string;
  @ApiProperty({ format: 'uuid' }) concertId!: string;
  @ApiProperty({ format: 'uuid' }) scheduleId!: string;
  @ApiProperty({ type: 'integer', minimum: 1, maximum: SEATS_PER_SCHEDULE }) seatNo!: number;
  @ApiProperty({ type: 'integer', description: 'Integer won' }) price!: number;
  @ApiProperty({ enum: ReservationStatus }) status!: ReservationStatus;
  @ApiProperty({ format: 'date-time', description: 'When the hold runs out' }) expiresAt!: string;
}

/**
 * reservation-service's internal GET /internal/reservations/:reservationId (for payment-service,
 * never routed by the gateway): the public body plus what a replica needs to order updates.
 */
export class InternalReservationResponse extends ReservationResponse {
  @ApiProperty({ type: 'integer', minimum: 1, description: 'Grows by one with every change; events carry the same number' }) version!: number;
  @ApiProperty({ format: 'uuid', nullable: true, type: String, description: 'The payment that confirmed it, when CONFIRMED' })
  paymentId!: string | null;
}
