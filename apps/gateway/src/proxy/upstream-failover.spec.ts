import { failoverOf, failureReasonOf } from './upstream-failover';

describe('failoverOf', () => {
  const stranger = { kind: 'stranger', problem: 'answers as another system (no x-system-id)' } as const;
  const error = (code: string) => ({ kind: 'error', code }) as const;

  it.each(['GET', 'POST', 'DELETE'])('skips a stranger and sends a %s to another replica: this system never saw it', (method) => {
    expect(failoverOf(stranger, method)).toEqual({ markDown: true, retry: true });
  });

  it.each(['ECONNREFUSED', 'UND_ERR_CONNECT_TIMEOUT', 'ENOTFOUND'])('skips a replica that was never reached (%s) and retries any method', (code) => {
    expect(failoverOf(error(code), 'POST')).toEqual({ markDown: true, retry: true });
  });

  it('repeats only a request that changes nothing when a connection broke after sending', () => {
    expect(failoverOf(error('ECONNRESET'), 'GET')).toEqual({ markDown: false, retry: true });
    expect(failoverOf(error('ECONNRESET'), 'HEAD')).toEqual({ markDown: false, retry: true });
    expect(failoverOf(error('ECONNRESET'), 'POST')).toEqual({ markDown: false, retry: false });
  });

  it('neither skips nor retries on a timeout or an unknown failure', () => {
    expect(failoverOf(error('UND_ERR_HEADERS_TIMEOUT'), 'GET')).toEqual({ markDown: false, retry: false });
    expect(failoverOf(error('UNKNOWN'), 'GET')).toEqual({ markDown: false, retry: false });
  });

  it('labels a stranger apart from connection errors in the failure metric', () => {
    expect([failureReasonOf(stranger), failureReasonOf(error('ECONNREFUSED'))]).toEqual(['OTHER_SYSTEM', 'ECONNREFUSED']);
  });
});
