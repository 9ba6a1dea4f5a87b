import { ConfigError, DEV_QUEUE_TOKEN_SECRET, loadConfig, queueTokenSecretsOf } from '@concert/platform';
import { queueServiceConfigSchema, queueSettingsOf } from './queue-service.config';

describe('queue-service configuration', () => {
  it('has the defaults of the contract', () => {
    const sut = loadConfig(queueServiceConfigSchema, {});
    expect(queueSettingsOf(sut)).toMatchObject({ maxActiveUsers: 1000, admitIntervalMs: 1000, activeSeconds: 600, waitingIdleSeconds: 300 });
    // Adaptive admission is opt-in: the capacity stays QUEUE_MAX_ACTIVE_USERS unless it is set.
    expect(queueSettingsOf(sut)).toMatchObject({ admissionLatencyTargetMs: 0, adaptiveMinActiveUsers: 10 });
    expect(sut.PORT).toBe(3001);
    expect(queueTokenSecretsOf(sut)).toEqual([DEV_QUEUE_TOKEN_SECRET]);
  });

  it('signs with QUEUE_TOKEN_SECRET and still accepts QUEUE_TOKEN_SECRETS (rotation)', () => {
    const sut = loadConfig(queueServiceConfigSchema, { QUEUE_TOKEN_SECRET: 'new', QUEUE_TOKEN_SECRETS: 'old, older,new' });
    expect(queueTokenSecretsOf(sut)).toEqual(['new', 'old', 'older']);
  });

  it('refuses the development secret in production, naming the variable', () => {
    expect(() => loadConfig(queueServiceConfigSchema, { NODE_ENV: 'production' })).toThrow(/QUEUE_TOKEN_SECRET: must be set/);
    expect(loadConfig(queueServiceConfigSchema, { NODE_ENV: 'production', QUEUE_TOKEN_SECRET: 's3cr3t' }).QUEUE_TOKEN_SECRET).toBe('s3cr3t');
  });

  it('refuses an adaptive room whose minimum exceeds its maximum, and allows it with adaptation off', () => {
    const env = { QUEUE_MAX_ACTIVE_USERS: '10', QUEUE_ADMISSION_MIN_ACTIVE_USERS: '50' };
    expect(() => loadConfig(queueServiceConfigSchema, { ...env, QUEUE_ADMISSION_LATENCY_TARGET_MS: '150' })).toThrow(
      /QUEUE_ADMISSION_MIN_ACTIVE_USERS: must not exceed QUEUE_MAX_ACTIVE_USERS \(10\)/,
    );
    expect(loadConfig(queueServiceConfigSchema, env).QUEUE_ADMISSION_MIN_ACTIVE_USERS).toBe(50);
  });

  it.each([
    ['QUEUE_MAX_ACTIVE_USERS', '-1'],
    ['QUEUE_ADMIT_INTERVAL_MS', '0'],
    ['QUEUE_ACTIVE_SECONDS', 'ten'],
    ['QUEUE_WAITING_IDLE_SECONDS', '0'],
    ['QUEUE_ADMISSION_LATENCY_TARGET_MS', '-1'],
    ['QUEUE_ADMISSION_MIN_ACTIVE_USERS', '0'],
  ])('refuses %s=%s', (name, value) => {
    expect(() => loadConfig(queueServiceConfigSchema, { [name]: value })).toThrow(ConfigError);
    expect(() => loadConfig(queueServiceConfigSchema, { [name]: value })).toThrow(new RegExp(name));
  });
});
