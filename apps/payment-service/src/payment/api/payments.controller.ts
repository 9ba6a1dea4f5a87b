import { Body, Controller, Get, Headers, HttpCode, Param, Post, Query, Req, Res } from '@nestjs/common';
import { ApiCreatedResponse, ApiHeader, ApiOkResponse, ApiResponse, ApiTags } from '@nestjs/swagger';
import {
  ErrorResponse,
  IDEMPOTENCY_KEY_HEADER,
  ListLimitQuery,
  PaymentIdParams,
  PaymentResponse,
  PaymentStatus,
  PayRequest,
  UserIdParams,
} from '@concert/contracts';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { IDEMPOTENT_REPLAY_HEADER, idempotencyKeyOf } from '../../idempotency/api/idempotency-key.header';
import { assertCallerIs, type Caller, CurrentCaller, SignedIn } from '@concert/platform';
import { outcomeOf, paymentsTotal } from '../../shared/infrastructure/payment-service.metrics';
import type { PaymentView } from '../application/payment-view';
import { GetPaymentUseCase } from '../application/get-payment/get-payment.use-case';
import { ListUserPaymentsUseCase } from '../application/list-user-payments/list-user-payments.use-case';
import { PayReservationUseCase } from '../application/pay-reservation/pay-reservation.use-case';

@ApiTags('payments')
@Controller('api/v1')
@SignedIn()
export class PaymentsController {
  constructor(
    private readonly payReservation: PayReservationUseCase,
    private readonly getPayment: GetPaymentUseCase,
    private readonly listUserPayments: ListUserPaymentsUseCase,
  ) {}

  @Post('payments')
  @HttpCode(201)
  @ApiHeader({ name: 'Idempotency-Key', required: false, description: 'A retry with the same key and body returns the first result and pays once' })
  @ApiCreatedResponse({ type: PaymentResponse })
  @ApiResponse({
    status: 403,
    type: ErrorResponse,
    description: "QUEUE_TOKEN_WRONG_ROOM (the queue token is for another concert's waiting room than the reservation's), RESERVATION_NOT_OWNED",
  })
  @ApiResponse({ status: 404, type: ErrorResponse, description: 'RESERVATION_NOT_FOUND' })
  @ApiResponse({
    status: 409,
    type: ErrorResponse,
    description: 'INSUFFICIENT_BALANCE, RESERVATION_EXPIRED, RESERVATION_ALREADY_PAID, IDEMPOTENCY_KEY_IN_PROGRESS',
  })
  @ApiResponse({ status: 422, type: ErrorResponse, description: 'IDEMPOTENCY_KEY_REUSED' })
  @ApiResponse({ status: 503, type: ErrorResponse, description: 'SERVICE_UNAVAILABLE: the reservation could not be verified' })
  async pay(
    @CurrentCaller() caller: Caller,
    @Body() body: PayRequest,
    @Headers(IDEMPOTENCY_KEY_HEADER) keyHeader: string | undefined,
    @Req() request: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<PaymentResponse> {
    try {
      const idempotencyKey = idempotencyKeyOf(keyHeader);
      const result = await this.payReservation.execute({
        userId: caller.userId,
        reservationId: body.reservationId.toLowerCase(),
        queueTokenId: caller.queueTokenId,
        queueConcertId: caller.queueConcertId,
        idempotencyKey,
        requestId: String(request.id),
      });
      if (result.replayed) void reply.header(IDEMPOTENT_REPLAY_HEADER, 'true');
      paymentsTotal.inc({ outcome: result.replayed ? 'REPLAYED' : 'COMPLETED' });
      return toResponse(result.view);
    } catch (error) {
      paymentsTotal.inc({ outcome: outcomeOf(error) });
      throw error;
    }
  }

  @Get('payments/:paymentId')
  @ApiOkResponse({ type: PaymentResponse })
  @ApiResponse({ status: 404, type: ErrorResponse, description: 'PAYMENT_NOT_FOUND' })
  async byId(@CurrentCaller() { userId }: Caller, @Param() params: PaymentIdParams): Promise<PaymentResponse> {
    return toResponse(await this.getPayment.execute({ paymentId: params.paymentId.toLowerCase(), userId }));
  }

  @Get('users/:userId/payments')
  @ApiOkResponse({ type: PaymentResponse, isArray: true, description: 'Newest first' })
  async ofUser(@CurrentCaller() caller: Caller, @Param() params: UserIdParams, @Query() query: ListLimitQuery): Promise<PaymentResponse[]> {
    assertCallerIs(params.userId, caller);
    const payments = await this.listUserPayments.execute({ userId: params.userId.toLowerCase(), limit: query.limit });
    return payments.map(toResponse);
  }
}

function toResponse(view: PaymentView): PaymentResponse {
  return { ...view, status: PaymentStatus[view.status] };
}
