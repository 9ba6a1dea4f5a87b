import { ErrorCode, PaymentResponse, PayRequest } from '@concert/contracts';
import { Controller, Get, Post, Req, Res, UseGuards } from '@nestjs/common';
import { ApiBody, ApiCreatedResponse, ApiHeader, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { KnownQueryParametersGuard } from '../access/known-query-parameters.guard';
import { AccessGuard } from '../access/access.guard';
import { ProtectedRoute, SignedInRoute } from '../access/route-access.decorator';
import { UpstreamProxy } from '../proxy/upstream-proxy';
import { UpstreamService } from '../proxy/upstream-service';
import { ApiErrors, ApiListLimit, ApiUserParam, ApiUuidParam, IDEMPOTENCY_KEY_DOC, IDENTITY_ERRORS, QUEUE_TOKEN_ERRORS, USER_PATH_ERRORS } from './api-docs.decorators';

/** Payments (payment-service). */
@ApiTags('payments')
@Controller('api/v1')
@UseGuards(AccessGuard, KnownQueryParametersGuard)
export class PaymentsController {
  constructor(private readonly proxy: UpstreamProxy) {}

  @Post('payments')
  @ProtectedRoute()
  @ApiOperation({
    operationId: 'pay',
    summary: 'Pay for an own held reservation from the balance',
    description:
      'Debits once; the reservation becomes CONFIRMED, the seat SOLD and the queue token EXPIRED. A retry after the token expired gets 401 QUEUE_TOKEN_EXPIRED: find the result in the payment list.',
  })
  @ApiHeader(IDEMPOTENCY_KEY_DOC)
  @ApiBody({ type: PayRequest })
  @ApiCreatedResponse({ type: PaymentResponse })
  @ApiErrors(
    ...QUEUE_TOKEN_ERRORS,
    ErrorCode.VALIDATION_FAILED,
    ErrorCode.RESERVATION_NOT_FOUND,
    ErrorCode.RESERVATION_NOT_OWNED,
    ErrorCode.INSUFFICIENT_BALANCE,
    ErrorCode.RESERVATION_EXPIRED,
    ErrorCode.RESERVATION_ALREADY_PAID,
    ErrorCode.IDEMPOTENCY_KEY_IN_PROGRESS,
    ErrorCode.IDEMPOTENCY_KEY_REUSED,
  )
  pay(@Req() request: FastifyRequest, @Res() reply: FastifyReply): Promise<void> {
    return this.proxy.forward(UpstreamService.Payment, request, reply);
  }

  @Get('payments/:paymentId')
  @SignedInRoute({ budget: 'lists' })
  @ApiOperation({ operationId: 'getPayment', summary: 'A payment', description: '`status` is COMPLETED or REFUNDED.' })
  @ApiUuidParam('paymentId')
  @ApiOkResponse({ type: PaymentResponse })
  @ApiErrors(...IDENTITY_ERRORS, ErrorCode.VALIDATION_FAILED, ErrorCode.PAYMENT_NOT_FOUND)
  get(@Req() request: FastifyRequest, @Res() reply: FastifyReply): Promise<void> {
    return this.proxy.forward(UpstreamService.Payment, request, reply);
  }

  @Get('users/:userId/payments')
  @SignedInRoute({ budget: 'lists' })
  @ApiOperation({ operationId: 'listUserPayments', summary: "A user's payments, newest first" })
  @ApiUserParam()
  @ApiListLimit()
  @ApiOkResponse({ type: [PaymentResponse] })
  @ApiErrors(...USER_PATH_ERRORS, ErrorCode.VALIDATION_FAILED)
  listOfUser(@Req() request: FastifyRequest, @Res() reply: FastifyReply): Promise<void> {
    return this.proxy.forward(UpstreamService.Payment, request, reply);
  }
}
