import { AccessTokenResponse, DevLoginRequest, DomainError, ErrorCode } from '@concert/contracts';
import { USER_ID_PATTERN } from '@concert/platform';
import { Body, Controller, Get, Header, HttpCode, HttpStatus, Inject, Post, UseGuards } from '@nestjs/common';
import { ApiBody, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { AccessGuard } from '../access/access.guard';
import { KnownQueryParametersGuard } from '../access/known-query-parameters.guard';
import { PublicRoute } from '../access/route-access.decorator';
import { ApiErrors } from '../api/api-docs.decorators';
import { DevIssuer } from './dev-issuer';

/**
 * The user a dev sign-in asks for. The gateway keeps bodies as raw bytes (proxy/raw-bodies.ts),
 * so this one body the gateway itself answers is parsed here: `{}` or no body for a new user,
 * `{ "userId": "<uuid>" }`, nothing else.
 */
export function devLoginUserOf(body: unknown): string | undefined {
  if (body === undefined) return undefined;
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.isBuffer(body) ? body.toString('utf8') : typeof body === 'string' ? body : '');
  } catch {
    throw new DomainError(ErrorCode.VALIDATION_FAILED, 'The body is not valid JSON');
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) throw new DomainError(ErrorCode.VALIDATION_FAILED, 'The body must be a JSON object');
  const { userId, ...rest } = parsed as Record<string, unknown>;
  const unknown = Object.keys(rest);
  if (unknown.length > 0) throw new DomainError(ErrorCode.VALIDATION_FAILED, `property ${unknown[0]} should not exist`);
  if (userId === undefined) return undefined;
  if (typeof userId !== 'string' || !USER_ID_PATTERN.test(userId)) throw new DomainError(ErrorCode.VALIDATION_FAILED, 'userId must be a UUID');
  return userId.toLowerCase();
}

/**
 * The dev issuer's routes (AUTH_DEV_LOGIN): sign-in as any user, and the public keys the gateway
 * verifies its tokens with — through the JWKS URL, exactly as it verifies a real provider's.
 */
@ApiTags('auth')
@Controller()
@UseGuards(AccessGuard, KnownQueryParametersGuard)
export class DevAuthController {
  constructor(@Inject(DevIssuer) private readonly issuer: DevIssuer) {}

  @Post('api/v1/auth/dev-login')
  @HttpCode(HttpStatus.CREATED)
  @PublicRoute('dev-login')
  @ApiOperation({
    operationId: 'devLogin',
    summary: 'Sign in with the dev issuer (development and tests only)',
    description: 'Issues an access token for `userId`, or for a new random user when it is absent. Off, and refused at start, with NODE_ENV=production.',
  })
  @ApiBody({ type: DevLoginRequest, required: false })
  @ApiCreatedResponse({ type: AccessTokenResponse })
  @ApiErrors(ErrorCode.VALIDATION_FAILED, ErrorCode.RATE_LIMITED)
  devLogin(@Body() body: unknown): Promise<AccessTokenResponse> {
    return this.issuer.issue(devLoginUserOf(body));
  }

  @Get('.well-known/jwks.json')
  @PublicRoute()
  @Header('cache-control', 'public, max-age=300')
  @ApiOperation({ operationId: 'getDevIssuerKeys', summary: "The dev issuer's public keys (JWKS)" })
  @ApiOkResponse({ description: 'A JSON Web Key Set' })
  keys(): Promise<{ keys: object[] }> {
    return this.issuer.keySet();
  }
}
