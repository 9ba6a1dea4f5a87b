import { Writable } from 'node:stream';
import pino from 'pino';
import { CREDENTIAL_LOG_PATHS, loggableUrl, REDACTED } from './log-redaction';

describe('log redaction', () => {
  it('censors every credential header of a logged request, and nothing else', () => {
    const lines: string[] = [];
    const sink = new Writable({
      write(chunk: Buffer, _encoding, done) {
        lines.push(chunk.toString());
        done();
      },
    });
    const logger = pino({ redact: { paths: CREDENTIAL_LOG_PATHS, censor: REDACTED } }, sink);
    const credentials = {
      authorization: 'Bearer eyJhbGciOiJFUzI1NiJ9.secret.signature',
      'x-queue-token': 'queue-token-secret',
      'x-admin-key': 'admin-key-secret',
      'x-caller-assertion': 'assertion-secret',
      'x-metrics-key': 'metrics-key-secret',
    };
    logger.info({ req: { method: 'GET', url: '/api/v1/users/me/balance', headers: { ...credentials, 'user-agent': 'curl/8' } } }, 'request');
    const line = JSON.parse(lines.join('')) as { req: { headers: Record<string, string> } };
    expect(line.req.headers).toEqual({ ...Object.fromEntries(Object.keys(credentials).map((name) => [name, REDACTED])), 'user-agent': 'curl/8' });
    for (const secret of Object.values(credentials)) expect(lines.join('')).not.toContain(secret);
  });

  it("censors an event stream's ticket and other credential query parameters in a logged URL", () => {
    expect(loggableUrl('/api/v1/queue/tokens/me/events?ticket=abc123')).toBe(`/api/v1/queue/tokens/me/events?ticket=${REDACTED}`);
    expect(loggableUrl('/x?a=1&Ticket=abc&access_token=t&b=2')).toBe(`/x?a=1&Ticket=${REDACTED}&access_token=${REDACTED}&b=2`);
    expect(loggableUrl('/x?%74icket=abc')).toBe(`/x?%74icket=${REDACTED}`);
  });

  it('leaves a URL without credentials as it was, malformed escapes included', () => {
    expect(loggableUrl('/api/v1/concerts')).toBe('/api/v1/concerts');
    expect(loggableUrl('/api/v1/users/me/payments?limit=10')).toBe('/api/v1/users/me/payments?limit=10');
    expect(loggableUrl('/x?%E0%A4%A=1&flag')).toBe('/x?%E0%A4%A=1&flag');
  });
});
