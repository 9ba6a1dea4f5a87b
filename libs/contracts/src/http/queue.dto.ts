import { ApiProperty } from '@nestjs/swagger';
import { IsUUID } from 'class-validator';

export const QUEUE_TOKEN_HEADER = 'x-queue-token';

export enum QueueTokenStatus {
  PRE_QUEUE = 'PRE_QUEUE',
  WAITING = 'WAITING',
  ACTIVE = 'ACTIVE',
  EXPIRED = 'EXPIRED',
}

/** The user is the caller (the access token's subject): the body names only the concert's room. */
export class IssueQueueTokenRequest {
  @ApiProperty({ format: 'uuid', description: "The concert whose waiting room to join", example: '5f0c9a36-2b1e-4a55-8f6e-1f1e9d2c3b4a' })
  @IsUUID('all')
  concertId!: string;
}

/**
 * IssueQueueTokenRequest as a JSON schema. Joining is the request every buyer of a crowd makes,
 * so queue-service validates it with this schema, compiled once by Fastify, rather than with the
 * class-validator pipe (docs/adr/0013). `queue-token-request.schema.spec.ts` in queue-service
 * holds the two to the same verdicts.
 */
export const issueQueueTokenRequestSchema = {
  type: 'object',
  properties: { concertId: { type: 'string', format: 'uuid' } },
  required: ['concertId'],
  additionalProperties: false,
} as const;

export class QueueTokenResponse {
  @ApiProperty({ description: 'Opaque signed token; send it as X-Queue-Token' })
  token!: string;

  @ApiProperty({ format: 'uuid' })
  userId!: string;

  @ApiProperty({ format: 'uuid', description: "The concert whose waiting room the token is a place in" })
  concertId!: string;

  @ApiProperty({ enum: QueueTokenStatus })
  status!: QueueTokenStatus;

  @ApiProperty({ type: 'integer', nullable: true, description: '1-based place among waiting users; null unless WAITING', example: 17 })
  position!: number | null;

  @ApiProperty({ type: 'integer', description: 'Seconds until admission at the currently observed admission rate; 0 when ACTIVE', example: 34 })
  estimatedWaitSeconds!: number;

  @ApiProperty({ type: String, format: 'date-time', nullable: true, description: 'When the active window ends; set when ACTIVE' })
  expiresAt!: string | null;

  @ApiProperty({ type: String, format: 'date-time', nullable: true, description: "The room's sale opening while it is in the future, else null" })
  opensAt!: string | null;
}

/** A short-lived ticket that opens the event stream from a browser (EventSource cannot send headers). */
export class StreamTicketResponse {
  @ApiProperty({ description: 'Pass as `?ticket=` to GET /api/v1/queue/tokens/me/events; single use' })
  ticket!: string;

  @ApiProperty({ type: 'integer', description: 'Seconds the ticket may wait before it is used' })
  expiresIn!: number;
}
