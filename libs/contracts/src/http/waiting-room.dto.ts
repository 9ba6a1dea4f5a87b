import { ApiProperty } from '@nestjs/swagger';

/** A concert's waiting room as its operator watches it (admin GET / PATCH …/waiting-room). */
export class WaitingRoomView {
  @ApiProperty({ format: 'uuid' })
  concertId!: string;

  @ApiProperty({ type: 'integer', description: 'At most this many ACTIVE tokens at once in the room', example: 1000 })
  maxActiveUsers!: number;

  @ApiProperty({ type: 'integer', description: 'How long an ACTIVE token stays active, in seconds', example: 600 })
  activeSeconds!: number;

  @ApiProperty({ type: String, format: 'date-time', nullable: true, description: 'The scheduled sale opening; null for a room open from the start' })
  saleOpensAt!: string | null;

  @ApiProperty({ type: 'integer', description: 'Users in the pre-queue (before the opening)', example: 0 })
  preQueue!: number;

  @ApiProperty({ type: 'integer', description: 'Users waiting for a slot', example: 1200 })
  waiting!: number;

  @ApiProperty({ type: 'integer', description: 'ACTIVE tokens now', example: 1000 })
  active!: number;

  @ApiProperty({ type: 'integer', description: 'Users admitted in the last 60 seconds (joins straight into a free slot included)', example: 240 })
  admittedLastMinute!: number;

  @ApiProperty({ type: String, format: 'date-time', nullable: true, description: 'When the scheduled sale opened; null before (or without) one' })
  openedAt!: string | null;

  @ApiProperty({ type: 'integer', description: 'The active capacity now: maxActiveUsers, or the adaptive admission limit below it', example: 1000 })
  capacity!: number;

  @ApiProperty({ description: "SHA-256 (hex) of the room's secret seed: the commitment its opening shuffle is checked against" })
  seedCommitment!: string;
}

/** The public proof of a room's opening shuffle (docs/waiting-queue.md, "A fair opening"). */
export class WaitingRoomFairnessView {
  @ApiProperty({ type: String, format: 'date-time', nullable: true, description: 'The scheduled sale opening; null for a room with none' })
  saleOpensAt!: string | null;

  @ApiProperty({ type: String, nullable: true, description: "SHA-256 (hex) of the room's seed, published before the opening; null for a room with no scheduled opening" })
  seedCommitment!: string | null;

  @ApiProperty({ type: String, nullable: true, description: 'The seed (hex, 32 bytes), published once the sale has opened; null before' })
  seed!: string | null;

  @ApiProperty({
    type: [String],
    nullable: true,
    description: 'The pre-queue in its shuffled order, each member as the hex SHA-256 of their token id; null before the opening',
  })
  order!: string[] | null;

  @ApiProperty({ type: String, format: 'date-time', nullable: true, description: 'When the opening ran; null before' })
  openedAt!: string | null;
}
