import { Body, Controller, Get, Headers, HttpCode, Param, Post, Query, Res } from '@nestjs/common';
import { ApiHeader, ApiOkResponse, ApiResponse, ApiTags } from '@nestjs/swagger';
import {
  BalanceResponse,
  ChargeRequest,
  ErrorResponse,
  IDEMPOTENCY_KEY_HEADER,
  LedgerEntryResponse,
  LedgerEntryType,
  ListLimitQuery,
  UserIdParams,
} from '@concert/contracts';
import { assertCallerIs, type Caller, CurrentCaller, SignedIn } from '@concert/platform';
import type { FastifyReply } from 'fastify';
import { IDEMPOTENT_REPLAY_HEADER, idempotencyKeyOf } from '../../idempotency/api/idempotency-key.header';
import { chargesTotal, outcomeOf } from '../../shared/infrastructure/payment-service.metrics';
import { ChargeBalanceUseCase } from '../application/charge-balance/charge-balance.use-case';
import { GetBalanceUseCase } from '../application/get-balance/get-balance.use-case';
import { GetBalanceHistoryUseCase } from '../application/get-balance-history/get-balance-history.use-case';

@ApiTags('balance')
@Controller('api/v1/users/:userId/balance')
@SignedIn()
export class BalanceController {
  constructor(
    private readonly chargeBalance: ChargeBalanceUseCase,
    private readonly getBalance: GetBalanceUseCase,
    private readonly getHistory: GetBalanceHistoryUseCase,
  ) {}

  @Post('charge')
  @HttpCode(200)
  @ApiHeader({ name: 'Idempotency-Key', required: false, description: 'A retry with the same key and body returns the first result and charges once' })
  @ApiOkResponse({ type: BalanceResponse })
  @ApiResponse({ status: 400, type: ErrorResponse, description: 'INVALID_AMOUNT: not an integer in 1..10,000,000, or the balance would pass 1,000,000,000' })
  @ApiResponse({ status: 409, type: ErrorResponse, description: 'IDEMPOTENCY_KEY_IN_PROGRESS' })
  @ApiResponse({ status: 422, type: ErrorResponse, description: 'IDEMPOTENCY_KEY_REUSED' })
  async charge(
    @CurrentCaller() caller: Caller,
    @Param() params: UserIdParams,
    @Body() body: ChargeRequest,
    @Headers(IDEMPOTENCY_KEY_HEADER) keyHeader: string | undefined,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<BalanceResponse> {
    assertCallerIs(params.userId, caller);
    try {
      const idempotencyKey = idempotencyKeyOf(keyHeader);
      const result = await this.chargeBalance.execute({ userId: params.userId.toLowerCase(), amount: body.amount, idempotencyKey });
      if (result.replayed) void reply.header(IDEMPOTENT_REPLAY_HEADER, 'true');
      chargesTotal.inc({ outcome: result.replayed ? 'REPLAYED' : 'COMPLETED' });
      return result.view;
    } catch (error) {
      chargesTotal.inc({ outcome: outcomeOf(error) });
      throw error;
    }
  }

  @Get()
  @ApiOkResponse({ type: BalanceResponse, description: '0 for a user never charged' })
  async balance(@CurrentCaller() caller: Caller, @Param() params: UserIdParams): Promise<BalanceResponse> {
    assertCallerIs(params.userId, caller);
    return this.getBalance.execute({ userId: params.userId.toLowerCase() });
  }

  @Get('history')
  @ApiOkResponse({ type: LedgerEntryResponse, isArray: true, description: 'Newest first' })
  async history(@CurrentCaller() caller: Caller, @Param() params: UserIdParams, @Query() query: ListLimitQuery): Promise<LedgerEntryResponse[]> {
    assertCallerIs(params.userId, caller);
    const entries = await this.getHistory.execute({ userId: params.userId.toLowerCase(), limit: query.limit });
    return entries.map((entry) => ({ ...entry, type: LedgerEntryType[entry.type] }));
  }
}
