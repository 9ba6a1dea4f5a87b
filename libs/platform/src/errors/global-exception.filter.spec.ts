import { BadRequestException, NotFoundException } from '@nestjs/common';
import { DomainError, ErrorCode } from '@concert/contracts';
import { QueryFailedError, QueryRunnerAlreadyReleasedError } from 'typeorm';
import { toErrorBody } from './global-exception.filter';

describe('toErrorBody', () => {
  it('maps a domain error to its status and keeps its message', () => {
    expect(toErrorBody(new DomainError(ErrorCode.SEAT_UNAVAILABLE, 'Seat 7 is taken'), 'r1')).toEqual({
      statusCode: 409,
      code: 'SEAT_UNAVAILABLE',
      message: 'Seat 7 is taken',
      requestId: 'r1',
    });
  });

  it('maps Fastify body errors onto the contract', () => {
    const tooLarge = Object.assign(new Error('too large'), { code: 'FST_ERR_CTP_BODY_TOO_LARGE', statusCode: 413 });
    expect(toErrorBody(tooLarge, 'r2')).toMatchObject({ statusCode: 413, code: 'PAYLOAD_TOO_LARGE' });
    const badJson = Object.assign(new Error('bad json'), { code: 'FST_ERR_CTP_INVALID_JSON_BODY', statusCode: 400 });
    expect(toErrorBody(badJson, 'r3')).toMatchObject({ statusCode: 400, code: 'VALIDATION_FAILED' });
  });

  it('maps framework HTTP exceptions by status', () => {
    expect(toErrorBody(new NotFoundException('Cannot GET /x'), 'r4')).toMatchObject({ statusCode: 404, code: 'ROUTE_NOT_FOUND' });
    expect(toErrorBody(new BadRequestException('bad'), 'r5')).toMatchObject({ statusCode: 400, code: 'VALIDATION_FAILED' });
  });

  it('answers 503 when the database pool or a dependency cannot be reached, revealing nothing', () => {
    expect(toErrorBody(new Error('timeout exceeded when trying to connect'), 'r7')).toEqual({
      statusCode: 503,
      code: 'SERVICE_UNAVAILABLE',
      message: 'A dependency is unavailable; retry later',
      requestId: 'r7',
    });
    expect(toErrorBody(Object.assign(new Error('connect failed 10.0.0.1'), { code: 'ECONNREFUSED' }), 'r8')).toMatchObject({ statusCode: 503 });
  });

  it('answers 503 when Postgres refuses the work for a passing reason (no free connection, deadlock, shutdown), not 500', () => {
    for (const code of ['53300', '08006', '57P01', '40P01', '40001']) {
      const refused = Object.assign(new Error('sorry, too many clients already'), { code, severity: 'FATAL' });
      expect(toErrorBody(refused, 'r10')).toEqual({ statusCode: 503, code: 'SERVICE_UNAVAILABLE', message: 'A dependency is unavailable; retry later', requestId: 'r10' });
    }
    expect(toErrorBody(Object.assign(new Error('duplicate key'), { code: '23505' }), 'r11')).toMatchObject({ statusCode: 500, code: 'INTERNAL_ERROR' });
  });

  it('answers 503, not 500, for every face of a Postgres server that went away mid-request', () => {
    const unavailable = { statusCode: 503, code: 'SERVICE_UNAVAILABLE', message: 'A dependency is unavailable; retry later', requestId: 'r12' };
    // As seen while the server was SIGKILLed under load: the statement in flight, the next one on the
    // runner TypeORM released when the connection failed, the next checkouts, and the recovery.
    const crashed = new QueryFailedError('COMMIT', [], Object.assign(new Error('terminating connection due to unexpected postmaster exit'), { code: '57P01' }));
    const dropped = new QueryFailedError('SELECT 1', [], new Error('Connection terminated unexpectedly'));
    const recovering = Object.assign(new Error('the database system is not yet accepting connections'), { code: '57P03' });
    for (const error of [crashed, dropped, new QueryRunnerAlreadyReleasedError(), recovering]) expect(toErrorBody(error, 'r12')).toEqual(unavailable);
  });

  it('answers a body the client stopped sending as a refused request, not as a failure', () => {
    const aborted = Object.assign(new Error('aborted'), { code: 'ECONNRESET', statusCode: 400 });
    expect(toErrorBody(aborted, 'r9')).toMatchObject({ statusCode: 400, code: 'VALIDATION_FAILED', requestId: 'r9' });
  });

  it('hides the detail of unexpected errors', () => {
    const body = toErrorBody(new Error('password=secret in connection string'), 'r6');
    expect(body).toEqual({ statusCode: 500, code: 'INTERNAL_ERROR', message: 'Internal error', requestId: 'r6' });
  });
});
