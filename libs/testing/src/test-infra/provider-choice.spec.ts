import { chooseTestInfraProvider } from './provider-choice';

const docker = { available: true, detail: 'unix:///var/run/docker.sock answered /_ping' };
const noDocker = { available: false, detail: 'unix:///var/run/docker.sock: ENOENT' };

describe('chooseTestInfraProvider', () => {
  it('takes testcontainers when a Docker engine answers, and says so', () => {
    expect(chooseTestInfraProvider(undefined, docker)).toEqual({ provider: 'containers', reason: 'a Docker engine answers (unix:///var/run/docker.sock answered /_ping)' });
  });

  it('falls back to the local processes when none answers, naming what was asked', () => {
    expect(chooseTestInfraProvider(undefined, noDocker)).toEqual({
      provider: 'local',
      reason: 'no Docker engine answers (unix:///var/run/docker.sock: ENOENT): the local processes of scripts/infra',
    });
    expect(chooseTestInfraProvider('', noDocker).provider).toBe('local');
  });

  it('follows TEST_INFRA whatever Docker says, in any case', () => {
    expect(chooseTestInfraProvider('local', docker)).toEqual({ provider: 'local', reason: 'TEST_INFRA=local' });
    expect(chooseTestInfraProvider(' Containers ', docker).provider).toBe('containers');
  });

  it('refuses TEST_INFRA=containers without an engine instead of quietly using something else', () => {
    expect(() => chooseTestInfraProvider('containers', noDocker)).toThrow('TEST_INFRA=containers, but no Docker engine answers (unix:///var/run/docker.sock: ENOENT)');
  });

  it('refuses a TEST_INFRA it does not know', () => {
    expect(() => chooseTestInfraProvider('docker', docker)).toThrow('TEST_INFRA must be "containers" or "local", not "docker"');
  });
});
