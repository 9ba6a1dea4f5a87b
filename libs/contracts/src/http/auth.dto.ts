import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, IsUUID } from 'class-validator';

/** Dev sign-in: as a given user, or as a new random one. */
export class DevLoginRequest {
  @ApiPropertyOptional({ format: 'uuid', description: 'Sign in as this user; a new random user when absent' })
  @IsOptional()
  @IsUUID('all')
  userId?: string;
}

export class AccessTokenResponse {
  @ApiProperty({ description: 'A JWT; send it as `Authorization: Bearer <accessToken>`' })
  accessToken!: string;

  @ApiProperty({ enum: ['Bearer'] })
  tokenType!: 'Bearer';

  @ApiProperty({ type: 'integer', description: 'Seconds until the access token expires' })
  expiresIn!: number;

  @ApiProperty({ format: 'uuid', description: "The token's subject: the user every call with it acts for" })
  userId!: string;
}
