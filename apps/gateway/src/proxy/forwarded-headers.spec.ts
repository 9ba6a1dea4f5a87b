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

  const assertion = 'ca1.claims.signature';

  it('passes only the allowed client headers, the gateway request id and its caller assertion', () => {
    const sut = forwardedHeaders(client, { requestId: 'gw-1', assertion, hasBody: true });
    expect(sut).toEqual({
      'x-request-id': 'gw-1',
      'x-caller-assertion': assertion,
      accept: 'application/json',
      'content-type': 'application/json',
      'idempotency-key': 'key-1',
      'x-admin-key': 'admin',
    });
  });

  it('never passes identity headers or credentials a client sent', () => {
    const sut = forwardedHeaders({ ...client, 'x-caller-assertion': 'ca1.forged.sig' }, { requestId: 'gw-1', assertion, hasBody: false, queueToken: 'v1.token.sig' });
    expect(sut).not.toHaveProperty('x-user-id');
    expect(sut).not.toHaveProperty('x-queue-token-id');
    expect(sut).not.toHaveProperty('authorization');
    expect(sut['x-caller-assertion']).toBe(assertion);
  });

  it('passes the queue token to queue routes only', () => {
    expect(forwardedHeaders(client, { requestId: 'gw-1', assertion, hasBody: false, queueToken: 'v1.token.sig' })['x-queue-token']).toBe('v1.token.sig');
    expect(forwardedHeaders(client, { requestId: 'gw-1', assertion, hasBody: false })).not.toHaveProperty('x-queue-token');
  });

  it('sends a content type only with a body', () => {
    expect(forwardedHeaders(client, { requestId: 'gw-1', assertion, hasBody: false })).not.toHaveProperty('content-type');
  });

  it('sends the body\u2019s content coding with it, so the service can refuse one it cannot read', () => {
    const compressed = { ...client, 'content-encoding': 'gzip' };
    expect(forwardedHeaders(compressed, { requestId: 'gw-1', assertion, hasBody: true })['content-encoding']).toBe('gzip');
    expect(forwardedHeaders(compressed, { requestId: 'gw-1', assertion, hasBody: false })).not.toHaveProperty('content-encoding');
  });
});

describe('returnedHeaders', () => {
  it('returns the answer headers but not connection ones nor the service request id or system id', () => {
    const sut = returnedHeaders({
      'content-type': 'application/json',
      'content-length': '10',
      connection: 'keep-alive',
      'keep-alive': 'timeout=65',
      'transfer-encoding': 'chunked',
      date: 'now',
      'x-request-id': 'service-id',
      'x-system-id': 'the-system',
      'idempotency-replayed': 'true',
      'retry-after': '1',
    });
    expect(sut).toEqual({ 'content-type': 'application/json', 'idempotency-replayed': 'true', 'retry-after': '1' });
  });
});
