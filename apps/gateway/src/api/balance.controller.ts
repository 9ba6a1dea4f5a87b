import { BalanceResponse, ChargeRequest, ErrorCode, LedgerEntryResponse } from '@concert/contracts';
import { Controller, Get, Post, Req, Res, UseGuards } from '@nestjs/common';
import { ApiBody, ApiHeader, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { KnownQueryParametersGuard } from '../access/known-query-parameters.guard';
import { AccessGuard } from '../access/access.guard';
import { SignedInRoute } from '../access/route-access.decorator';
import { UpstreamProxy } from '../proxy/upstream-proxy';
import { UpstreamService } from '../proxy/upstream-service';
import { ApiErrors, ApiListLimit, ApiUserParam, IDEMPOTENCY_KEY_DOC, USER_PATH_ERRORS } from './api-docs.decorators';

/** Prepaid balances (payment-service). */
@ApiTags('balance')
@Controller('api/v1/users/:userId/balance')
@UseGuards(AccessGuard, KnownQueryParametersGuard)
export class BalanceController {
  constructor(private readonly proxy: UpstreamProxy) {}

  @Post('charge')
  @SignedInRoute({ budget: 'charge' })
  @ApiOperation({ operationId: 'chargeBalance', summary: "Charge a user's balance", description: 'Answers 200 with the new balance.' })
  @ApiUserParam()
  @ApiHeader(IDEMPOTENCY_KEY_DOC)
  @ApiBody({ type: ChargeRequest })
  @ApiOkResponse({ type: BalanceResponse })
  @ApiErrors(...USER_PATH_ERRORS, ErrorCode.VALIDATION_FAILED, ErrorCode.INVALID_AMOUNT, ErrorCode.IDEMPOTENCY_KEY_REUSED, ErrorCode.IDEMPOTENCY_KEY_IN_PROGRESS)
  charge(@Req() request: FastifyRequest, @Res() reply: FastifyReply): Promise<void> {
    return this.proxy.forward(UpstreamService.Payment, request, reply);
  }

  @Get()
  @SignedInRoute({ budget: 'me' })
  @ApiOperation({ operationId: 'getBalance', summary: "A user's balance", description: '0 for a user never charged.' })
  @ApiUserParam()
  @ApiOkResponse({ type: BalanceResponse })
  @ApiErrors(...USER_PATH_ERRORS, ErrorCode.VALIDATION_FAILED)
  get(@Req() request: FastifyRequest, @Res() reply: FastifyReply): Promise<void> {
    return this.proxy.forward(UpstreamService.Payment, request, reply);
  }

  @Get('history')
  @SignedInRoute({ budget: 'lists' })
  @ApiOperation({ operationId: 'getBalanceHistory', summary: "A user's balance history, newest first", description: '`amount` is always positive; `type` gives the direction.' })
  @ApiUserParam()
  @ApiListLimit()
  @ApiOkResponse({ type: [LedgerEntryResponse] })
  @ApiErrors(...USER_PATH_ERRORS, ErrorCode.VALIDATION_FAILED)
  history(@Req() request: FastifyRequest, @Res() reply: FastifyReply): Promise<void> {
    return this.proxy.forward(UpstreamService.Payment, request, reply);
  }
}
