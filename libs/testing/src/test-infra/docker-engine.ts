import { request } from 'node:http';
import type { DockerEngineProbe } from './provider-choice';

/** Where the Docker engine would listen: DOCKER_HOST (unix:// or tcp://), else the default socket. */
export function dockerEndpoint(dockerHost: string | undefined): { label: string; socketPath?: string; host?: string; port?: number } {
  const value = dockerHost?.trim() || 'unix:///var/run/docker.sock';
  if (value.startsWith('unix://')) return { label: value, socketPath: value.slice('unix://'.length) };
  if (value.startsWith('tcp://')) {
    const url = new URL(`http://${value.slice('tcp://'.length)}`);
    return { label: value, host: url.hostname, port: Number(url.port || 2375) };
  }
  return { label: value, socketPath: value };
}

/** Asks the engine's `/_ping` (what the Docker CLI and testcontainers ask first), within `timeoutMs`. */
export function probeDockerEngine(dockerHost: string | undefined = process.env['DOCKER_HOST'], timeoutMs = 1_500): Promise<DockerEngineProbe> {
  const endpoint = dockerEndpoint(dockerHost);
  return new Promise((resolve) => {
    const ping = request(
      { method: 'GET', path: '/_ping', timeout: timeoutMs, ...(endpoint.socketPath ? { socketPath: endpoint.socketPath } : { host: endpoint.host, port: endpoint.port }) },
      (response) => {
        response.resume();
        const ok = response.statusCode === 200;
        resolve({ available: ok, detail: ok ? `${endpoint.label} answered /_ping` : `${endpoint.label} answered /_ping with ${response.statusCode}` });
      },
    );
    ping.once('timeout', () => ping.destroy(new Error(`no answer within ${timeoutMs} ms`)));
    ping.once('error', (error: NodeJS.ErrnoException) => resolve({ available: false, detail: `${endpoint.label}: ${error.code ?? error.message}` }));
    ping.end();
  });
}
