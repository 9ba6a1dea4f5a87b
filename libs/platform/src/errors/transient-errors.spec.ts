import { QueryRunnerAlreadyReleasedError, QueryRunnerProviderAlreadyReleasedError } from 'typeorm';
import { isTransientFailure } from './transient-errors';

const pgError = (code: string, message = 'failed') => Object.assign(new Error(message), { code });

describe('isTransientFailure', () => {
  it.each([
    ['a lost connection (08006)', pgError('08006')],
    ['too many connections (53300)', pgError('53300')],
    ['a deadlock (40P01)', pgError('40P01')],
    ['a serialization failure (40001)', pgError('40001')],
    ['a statement timeout (57014)', pgError('57014')],
    ['an admin shutdown (57P01)', pgError('57P01')],
    ['a refused connection', pgError('ECONNREFUSED', 'connect ECONNREFUSED 127.0.0.1:5432')],
    ["TypeORM's wrapper of a pg error", Object.assign(new Error('query failed'), { driverError: pgError('08003') })],
    ["pg-pool's checkout timeout", new Error('timeout exceeded when trying to connect')],
    ["pg's dropped connection", new Error('Connection terminated unexpectedly')],
    ["ioredis' closed connection", new Error('Connection is closed.')],
    // TypeORM releases a query runner whose connection failed; the next statement on it says so.
    ["TypeORM's runner released after its connection failed", new QueryRunnerAlreadyReleasedError()],
    ["TypeORM's manager whose runner was released after its connection failed", new QueryRunnerProviderAlreadyReleasedError()],
    ['the same, as a bare message (another copy of TypeORM)', new Error('Query runner already released. Cannot run queries anymore.')],
  ])('says yes to %s', (_, error) => {
    expect(isTransientFailure(error)).toBe(true);
  });

  it.each([
    ['a unique violation (23505)', pgError('23505')],
    ['a check violation (23514)', pgError('23514')],
    ['an invalid input (22P02)', pgError('22P02')],
    ['a bug in the handler', new TypeError("Cannot read properties of undefined (reading 'seatNo')")],
    ['a domain error', new Error('schedule s-1 is not in the catalog')],
  ])('says no to %s', (_, error) => {
    expect(isTransientFailure(error)).toBe(false);
  });
});
