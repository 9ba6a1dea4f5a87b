import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsDateString,
  IsInt,
  IsNotEmpty,
  IsObject,
  IsOptional,
  IsString,
  IsUUID,
  Max,
  MaxLength,
  Min,
  ValidateNested,
} from 'class-validator';

export const SEATS_PER_SCHEDULE = 50;
export const MAX_SEAT_PRICE = 10_000_000;

export enum SeatStatus {
  AVAILABLE = 'AVAILABLE',
  HELD = 'HELD',
  SOLD = 'SOLD',
}

export class ConcertIdParams {
  @ApiProperty({ format: 'uuid' })
  @IsUUID('all')
  concertId!: string;
}

export class ScheduleSeatsParams extends ConcertIdParams {
  @ApiProperty({ format: 'uuid' })
  @IsUUID('all')
  scheduleId!: string;
}

export class ConcertSummaryResponse {
  @ApiProperty({ format: 'uuid' }) concertId!: string;
  @ApiProperty() title!: string;
  @ApiProperty() venue!: string;
}

export class ScheduleResponse {
  @ApiProperty({ format: 'uuid' }) scheduleId!: string;
  @ApiProperty({ format: 'uuid' }) concertId!: string;
  @ApiProperty({ example: '2026-12-24', description: 'Local date at the venue (Asia/Seoul)' }) date!: string;
  @ApiProperty({ format: 'date-time', example: '2026-12-24T19:00:00+09:00' }) startsAt!: string;
  @ApiProperty({ example: SEATS_PER_SCHEDULE }) totalSeats!: number;
  @ApiProperty({ example: 37 }) availableSeats!: number;
}

export class SeatResponse {
  @ApiProperty({ minimum: 1, maximum: SEATS_PER_SCHEDULE }) seatNo!: number;
  @ApiProperty({ description: 'Integer won', example: 80000 }) price!: number;
  @ApiProperty({ enum: SeatStatus }) status!: SeatStatus;
}

export class SeatMapResponse {
  @ApiProperty({ format: 'uuid' }) scheduleId!: string;
  @ApiProperty({ type: [SeatResponse] }) seats!: SeatResponse[];
}

export class CreateScheduleRequest {
  @ApiProperty({ format: 'date-time', example: '2026-12-24T19:00:00+09:00', description: 'ISO-8601 with offset, in the future' })
  @IsDateString({ strict: true, strictSeparator: true })
  startsAt!: string;

  @ApiProperty({ description: 'Price of every seat in won (1..10,000,000)', example: 80000 })
  @IsInt()
  @Min(1)
  @Max(MAX_SEAT_PRICE)
  seatPrice!: number;

  @ApiPropertyOptional({
    description: 'Per-seat price overrides: seat number (1..50) → price in won',
    example: { '1': 120000 },
    type: 'object',
    additionalProperties: { type: 'integer' },
  })
  @IsOptional()
  @IsObject()
  seatPrices?: Record<string, number>;
}

export class CreateConcertRequest {
  @ApiProperty({ example: 'IU Golden Hour' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(200)
  title!: string;

  @ApiProperty({ example: 'Olympic Hall, Seoul' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(200)
  venue!: string;

  @ApiProperty({ type: [CreateScheduleRequest] })
  @ValidateNested({ each: true })
  @Type(() => CreateScheduleRequest)
  @ArrayMinSize(1)
  @ArrayMaxSize(100)
  schedules!: CreateScheduleRequest[];
}

export class CreatedScheduleResponse {
  @ApiProperty({ format: 'uuid' }) scheduleId!: string;
  @ApiProperty({ format: 'date-time' }) startsAt!: string;
  @ApiProperty({ example: '2026-12-24' }) date!: string;
  @ApiProperty({ example: SEATS_PER_SCHEDULE }) totalSeats!: number;
}

export class CreatedConcertResponse extends ConcertSummaryResponse {
  @ApiProperty({ type: [CreatedScheduleResponse] }) schedules!: CreatedScheduleResponse[];
}
