import { signQueueToken, verifyQueueToken } from './queue-token';

describe('queue token signature', () => {
  const claims = { tid: 'c1d7d6a4-9a0e-4f7c-9a53-0f3f2d8e1b11', uid: '5f0c9a36-2b1e-4a55-8f6e-1f1e9d2c3b4a', iat: 1_700_000_000, cid: '0192f1a4-7c3e-7b21-9d4f-2a6b8c0e1f35' };

  it('verifies a token it signed and returns its claims', () => {
    const sut = signQueueToken(claims, 'secret-1');
    expect(verifyQueueToken(sut, ['secret-1'])).toEqual(claims);
  });

  it('refuses a token whose payload was changed by one character', () => {
    const token = signQueueToken(claims, 'secret-1');
    const [v, body, sig] = token.split('.') as [string, string, string];
    const tampered = `${v}.${body.slice(0, 10)}${body[10] === 'A' ? 'B' : 'A'}${body.slice(11)}.${sig}`;
    expect(verifyQueueToken(tampered, ['secret-1'])).toBeNull();
  });

  it('refuses every token with any one character changed, also where the change decodes to the same bytes', () => {
    const token = signQueueToken(claims, 'secret-1');
    const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
    const accepted: string[] = [];
    for (let index = 0; index < token.length; index++) {
      if (token[index] === '.') continue;
      for (const replacement of alphabet) {
        if (replacement === token[index]) continue;
        const changed = `${token.slice(0, index)}${replacement}${token.slice(index + 1)}`;
        if (verifyQueueToken(changed, ['secret-1']) !== null) accepted.push(changed);
      }
    }
    expect(accepted).toEqual([]);
  });

  it.each(['=', '==', ' '])('refuses a token with %p appended to its signature', (suffix) => {
    expect(verifyQueueToken(`${signQueueToken(claims, 'secret-1')}${suffix}`, ['secret-1'])).toBeNull();
  });

  it('refuses a token signed with another key', () => {
    expect(verifyQueueToken(signQueueToken(claims, 'other'), ['secret-1'])).toBeNull();
  });

  it('accepts tokens of a previous secret during rotation', () => {
    expect(verifyQueueToken(signQueueToken(claims, 'old'), ['new', 'old'])).toEqual(claims);
  });

  it.each(['', 'abc', 'v1.x', 'v2.a.b', 'v1..', `v1.${'a'.repeat(600)}.b`])('refuses malformed token %p', (token) => {
    expect(verifyQueueToken(token, ['secret-1'])).toBeNull();
  });
});
