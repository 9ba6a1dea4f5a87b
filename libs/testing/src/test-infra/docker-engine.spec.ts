import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { dockerEndpoint, probeDockerEngine } from './docker-engine';

/** A stand-in engine on a unix socket, answering /_ping as dockerd does (or with the given status). */
function fakeEngine(socketPath: string, status: number): Promise<Server> {
  const server = createServer((request, response) => {
    response.writeHead(request.url === '/_ping' ? status : 404).end('OK');
  });
  return new Promise((resolve) => server.listen(socketPath, () => resolve(server)));
}

describe('probeDockerEngine', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'docker-probe-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('finds an engine that answers /_ping on DOCKER_HOST', async () => {
    const socket = path.join(dir, 'docker.sock');
    const server = await fakeEngine(socket, 200);
    try {
      await expect(probeDockerEngine(`unix://${socket}`)).resolves.toEqual({ available: true, detail: `unix://${socket} answered /_ping` });
    } finally {
      server.close();
    }
  });

  it('finds none where nothing listens, or where the answer is not OK', async () => {
    const missing = path.join(dir, 'nothing.sock');
    await expect(probeDockerEngine(`unix://${missing}`)).resolves.toEqual({ available: false, detail: `unix://${missing}: ENOENT` });
    const socket = path.join(dir, 'docker.sock');
    const server = await fakeEngine(socket, 500);
    try {
      await expect(probeDockerEngine(`unix://${socket}`)).resolves.toEqual({ available: false, detail: `unix://${socket} answered /_ping with 500` });
    } finally {
      server.close();
    }
  });

  it('reads DOCKER_HOST as a unix socket, a tcp address, or the default socket', () => {
    expect(dockerEndpoint(undefined)).toEqual({ label: 'unix:///var/run/docker.sock', socketPath: '/var/run/docker.sock' });
    expect(dockerEndpoint('tcp://10.0.0.5:2376')).toEqual({ label: 'tcp://10.0.0.5:2376', host: '10.0.0.5', port: 2376 });
    expect(dockerEndpoint('tcp://docker')).toEqual({ label: 'tcp://docker', host: 'docker', port: 2375 });
  });
});
