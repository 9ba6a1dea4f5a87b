import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsDateString,
  IsInt,
  IsNotEmpty,
  IsObject,
  IsOptional,
  IsString,
  IsUUID,
  Matches,
  Max,
  MaxLength,
  Min,
  ValidateBy,
  ValidateNested,
  type ValidationOptions,
} from 'class-validator';

export const SEATS_PER_SCHEDULE = 50;
export const MAX_SEAT_PRICE = 10_000_000;

/** The bounds of a concert's waiting-room options (admin create). */
export const WAITING_ROOM_LIMITS = {
  maxActiveUsers: { min: 1, max: 1_000_000 },
  activeSeconds: { min: 10, max: 86_400 },
} as const;

export enum SeatStatus {
  AVAILABLE = 'AVAILABLE',
  HELD = 'HELD',
  SOLD = 'SOLD',
}

/** "1".."50" exactly: no leading zero, sign, fraction or spaces. */
const SEAT_NUMBER_KEY = /^(?:[1-9]|[1-4]\d|50)$/;

/** ISO-8601 date-time WITH an offset (Z or ±hh:mm): a bare local time would be read in the server's zone. */
export const ISO_DATE_TIME_WITH_OFFSET = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2}(?:\.\d{1,9})?)?(?:Z|[+-]\d{2}:\d{2})$/;

/** Ids compare as stored (lower case), whatever case the caller used. */
const lowerCase = ({ value }: { value: unknown }) => (typeof value === 'string' ? value.toLowerCase() : value);

/** A map of seat number ("1".."50") → integer price in 1..MAX_SEAT_PRICE. */
export function IsSeatPriceMap(options?: ValidationOptions): PropertyDecorator {
  return ValidateBy(
    {
      name: 'isSeatPriceMap',
      validator: {
        validate: (value: unknown) =>
          typeof value === 'object' &&
          value !== null &&
          !Array.isArray(value) &&
          Object.entries(value as Record<string, unknown>).every(
            ([key, price]) => SEAT_NUMBER_KEY.test(key) && typeof price === 'number' && Number.isInteger(price) && price >= 1 && price <= MAX_SEAT_PRICE,
          ),
        defaultMessage: () =>
          `seatPrices must map seat numbers "1".."${SEATS_PER_SCHEDULE}" to integer prices in 1..${MAX_SEAT_PRICE}`,
      },
    },
    options,
  );
}

export class ConcertIdParams {
  @ApiProperty({ format: 'uuid' })
  @Transform(lowerCase)
  @IsUUID('all')
  concertId!: string;
}

export class ScheduleSeatsParams extends ConcertIdParams {
  @ApiProperty({ format: 'uuid' })
  @Transform(lowerCase)
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
  @ApiProperty({ type: 'integer', example: SEATS_PER_SCHEDULE }) totalSeats!: number;
  @ApiProperty({ type: 'integer', example: 37 }) availableSeats!: number;
}

export class SeatResponse {
  @ApiProperty({ type: 'integer', minimum: 1, maximum: SEATS_PER_SCHEDULE }) seatNo!: number;
  @ApiProperty({ type: 'integer', description: 'Integer won', example: 80000 }) price!: number;
  @ApiProperty({ enum: SeatStatus }) status!: SeatStatus;
}

export class SeatMapResponse {
  @ApiProperty({ format: 'uuid' }) scheduleId!: string;
  @ApiProperty({ type: [SeatResponse] }) seats!: SeatResponse[];
}

export class CreateScheduleRequest {
  @ApiProperty({ format: 'date-time', example: '2026-12-24T19:00:00+09:00', description: 'ISO-8601 with offset, in the future' })
  @IsDateString({ strict: true, strictSeparator: true })
  @Matches(ISO_DATE_TIME_WITH_OFFSET, { message: 'startsAt must be an ISO-8601 date-time with an offset, e.g. 2026-12-24T19:00:00+09:00' })
  startsAt!: string;

  @ApiProperty({ type: 'integer', description: 'Price of every seat in won (1..10,000,000)', example: 80000 })
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
  @IsSeatPriceMap()
  seatPrices?: Record<string, number>;
}

/** The concert's own waiting room; every field left out takes the configured default. */
export class ConcertWaitingRoomOptions {
  @ApiPropertyOptional({
    type: 'integer',
    minimum: WAITING_ROOM_LIMITS.maxActiveUsers.min,
    maximum: WAITING_ROOM_LIMITS.maxActiveUsers.max,
    description: 'At most this many ACTIVE tokens at once in the room (default QUEUE_MAX_ACTIVE_USERS)',
    example: 500,
  })
  @IsOptional()
  @IsInt()
  @Min(WAITING_ROOM_LIMITS.maxActiveUsers.min)
  @Max(WAITING_ROOM_LIMITS.maxActiveUsers.max)
  maxActiveUsers?: number;

  @ApiPropertyOptional({
    type: 'integer',
    minimum: WAITING_ROOM_LIMITS.activeSeconds.min,
    maximum: WAITING_ROOM_LIMITS.activeSeconds.max,
    description: 'How long an ACTIVE token stays active, in seconds (default QUEUE_ACTIVE_SECONDS)',
    example: 600,
  })
  @IsOptional()
  @IsInt()
  @Min(WAITING_ROOM_LIMITS.activeSeconds.min)
  @Max(WAITING_ROOM_LIMITS.activeSeconds.max)
  activeSeconds?: number;

  @ApiPropertyOptional({
    format: 'date-time',
    example: '2026-12-01T20:00:00+09:00',
    description: 'ISO-8601 with offset: joins before it enter the pre-queue, shuffled at the opening (default: no scheduled opening)',
  })
  @IsOptional()
  @IsDateString({ strict: true, strictSeparator: true })
  @Matches(ISO_DATE_TIME_WITH_OFFSET, { message: 'saleOpensAt must be an ISO-8601 date-time with an offset, e.g. 2026-12-01T20:00:00+09:00' })
  saleOpensAt?: string;
}

export class CreateConcertRequest {
  @ApiProperty({ example: 'IU Golden Hour' })
  @IsString()
  @IsNotEmpty()
  @Matches(/[^\s\p{Z}\p{Cf}]/u, { message: 'title must contain a visible character' })
  @MaxLength(200)
  title!: string;

  @ApiProperty({ example: 'Olympic Hall, Seoul' })
  @IsString()
  @IsNotEmpty()
  @Matches(/[^\s\p{Z}\p{Cf}]/u, { message: 'venue must contain a visible character' })
  @MaxLength(200)
  venue!: string;

  @ApiProperty({ type: [CreateScheduleRequest] })
  @IsArray()
  @ValidateNested({ each: true })
  @Type(() => CreateScheduleRequest)
  @ArrayMinSize(1)
  @ArrayMaxSize(100)
  schedules!: CreateScheduleRequest[];

  @ApiPropertyOptional({ type: ConcertWaitingRoomOptions, description: "The concert's waiting room; left out, every setting takes the configured default" })
  @IsOptional()
  @IsObject()
  @ValidateNested()
  @Type(() => ConcertWaitingRoomOptions)
  waitingRoom?: ConcertWaitingRoomOptions;
}

export class CreatedScheduleResponse {
  @ApiProperty({ format: 'uuid' }) scheduleId!: string;
  @ApiProperty({ format: 'date-time' }) startsAt!: string;
  @ApiProperty({ example: '2026-12-24' }) date!: string;
  @ApiProperty({ type: 'integer', example: SEATS_PER_SCHEDULE }) totalSeats!: number;
}

/** A concert's waiting-room settings as given at creation; null where the configured default applies. */
export class ConcertWaitingRoomSettings {
  @ApiProperty({ type: 'integer', nullable: true, example: 500 }) maxActiveUsers!: number | null;
  @ApiProperty({ type: 'integer', nullable: true, example: 600 }) activeSeconds!: number | null;
  @ApiProperty({ type: String, format: 'date-time', nullable: true, example: '2026-12-01T11:00:00.000Z' }) saleOpensAt!: string | null;
}

export class CreatedConcertResponse extends ConcertSummaryResponse {
  @ApiProperty({ type: [CreatedScheduleResponse] }) schedules!: CreatedScheduleResponse[];
  @ApiProperty({ type: ConcertWaitingRoomSettings }) waitingRoom!: ConcertWaitingRoomSettings;
}
