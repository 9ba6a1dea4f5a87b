import { ApiProperty } from '@nestjs/swagger';
import { IsUUID } from 'class-validator';

export const QUEUE_TOKEN_HEADER = 'x-queue-token';

export enum QueueTokenStatus {
  WAITING = 'WAITING',
  ACTIVE = 'ACTIVE',
  EXPIRED = 'EXPIRED',
}

export class IssueQueueTokenRequest {
  @ApiProperty({ format: 'uuid', example: '5f0c9a36-2b1e-4a55-8f6e-1f1e9d2c3b4a' })
  @IsUUID('all')
  userId!: string;
}

/**
 * IssueQueueTokenRequest as a JSON schema. Joining is the request every buyer of a crowd makes,
 * so queue-service validates it with this schema, compiled once by Fastify, rather than with the
 * class-validator pipe (docs/adr/0013). `queue-token-request.schema.spec.ts` in queue-service
 * holds the two to the same verdicts.
 */
export const issueQueueTokenRequestSchema = {
  type: 'object',
  properties: { userId: { type: 'string', format: 'uuid' } },
  required: ['userId'],
  additionalProperties: false,
} as const;

export class QueueTokenResponse {
  @ApiProperty({ description: 'Opaque signed token; send it as X-Queue-Token' })
  token!: string;

  @ApiProperty({ format: 'uuid' })
  userId!: string;

  @ApiProperty({ enum: QueueTokenStatus })
  status!: QueueTokenStatus;

  @ApiProperty({ type: Number, nullable: true, description: '1-based place among waiting users; null unless WAITING', example: 17 })
  position!: number | null;

  @ApiProperty({ description: 'Seconds until admission at the currently observed admission rate; 0 when ACTIVE', example: 34 })
  estimatedWaitSeconds!: number;

  @ApiProperty({ type: String, format: 'date-time', nullable: true, description: 'When the active window ends; set when ACTIVE' })
  expiresAt!: string | null;
}
