import { PassThrough } from 'node:stream';
import { answerClientError } from './client-errors';

/** A socket stand-in that records what is written and whether it was closed. */
function fakeSocket(bytesRead: number): PassThrough & { bytesRead: number; written: string } {
  const socket = Object.assign(new PassThrough(), { bytesRead, written: '' });
  socket.on('data', (chunk: Buffer) => (socket.written += chunk.toString('utf8')));
  return socket;
}

describe('answerClientError', () => {
  it('closes a connection that timed out without ever sending a byte, answering nothing', () => {
    const socket = fakeSocket(0);
    answerClientError(Object.assign(new Error('timeout'), { code: 'ERR_HTTP_REQUEST_TIMEOUT' }), socket);
    expect([socket.destroyed, socket.written]).toEqual([true, '']);
  });

  it('answers 408 REQUEST_TIMEOUT to a request that started but did not arrive in time', async () => {
    const socket = fakeSocket(20);
    answerClientError(Object.assign(new Error('timeout'), { code: 'ERR_HTTP_REQUEST_TIMEOUT' }), socket);
    await new Promise((resolve) => setImmediate(resolve));
    expect(socket.written).toMatch(/^HTTP\/1\.1 408 Request Timeout\r\n/);
    expect(socket.written).toContain('"code":"REQUEST_TIMEOUT"');
  });
});
