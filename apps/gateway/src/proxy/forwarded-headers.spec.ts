import { forwardedHeaders, returnedHeaders } from './forwarded-headers';

describe('forwardedHeaders', () => {
  const client = {
    host: 'gateway.example',
    accept: 'application/json',
    'content-type': 'application/json',
    'content-length': '42',
    'idempotency-key': 'key-1',
    'x-admin-key': 'admin',
    'x-queue-token': 'v1.token.sig',
    'x-request-id': 'client-chosen',
    'x-user-id': 'a-user-the-client-chose',
    'x-queue-token-id': 'a-token-the-client-chose',
    cookie: 'session=1',
    authorization: 'Bearer x',
  };

  it('passes only the allowed client headers and the gateway request id', () => {
    const sut = forwardedHeaders(client, { requestId: 'gw-1', hasBody: true });
    expect(sut).toEqual({
      'x-request-id': 'gw-1',
      accept: 'application/json',
      'content-type': 'application/json',
      'idempotency-key': 'key-1',
      'x-admin-key': 'admin',
    });
  });

  it('never passes identity headers a client sent', () => {
    const sut = forwardedHeaders(client, { requestId: 'gw-1', hasBody: false, forwardQueueToken: true });
    expect(sut).not.toHaveProperty('x-user-id');
    expect(sut).not.toHaveProperty('x-queue-token-id');
  });

  it('sets the identity proven by the token, replacing what the client sent', () => {
    const sut = forwardedHeaders(client, { requestId: 'gw-1', hasBody: false, identity: { userId: 'u-1', queueTokenId: 't-1' } });
    expect(sut).toMatchObject({ 'x-user-id': 'u-1', 'x-queue-token-id': 't-1' });
    expect(sut).not.toHaveProperty('x-queue-token');
  });

  it('passes the queue token to queue routes only', () => {
    expect(forwardedHeaders(client, { requestId: 'gw-1', hasBody: false, forwardQueueToken: true })['x-queue-token']).toBe('v1.token.sig');
    expect(forwardedHeaders(client, { requestId: 'gw-1', hasBody: false })).not.toHaveProperty('x-queue-token');
  });

  it('sends a content type only with a body', () => {
    expect(forwardedHeaders(client, { requestId: 'gw-1', hasBody: false })).not.toHaveProperty('content-type');
  });

  it('sends the body\u2019s content coding with it, so the service can refuse one it cannot read', () => {
    const compressed = { ...client, 'content-encoding': 'gzip' };
    expect(forwardedHeaders(compressed, { requestId: 'gw-1', hasBody: true })['content-encoding']).toBe('gzip');
    expect(forwardedHeaders(compressed, { requestId: 'gw-1', hasBody: false })).not.toHaveProperty('content-encoding');
  });
});

describe('returnedHeaders', () => {
  it('returns the answer headers but not connection ones nor the service request id', () => {
    const sut = returnedHeaders({
      'content-type': 'application/json',
      'content-length': '10',
      connection: 'keep-alive',
      'keep-alive': 'timeout=65',
      'transfer-encoding': 'chunked',
      date: 'now',
      'x-request-id': 'service-id',
      'idempotency-replayed': 'true',
      'retry-after': '1',
    });
    expect(sut).toEqual({ 'content-type': 'application/json', 'idempotency-replayed': 'true', 'retry-after': '1' });
  });
});
