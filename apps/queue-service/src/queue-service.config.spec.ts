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

  it('refuses the development secrets in production, naming each variable', () => {
    const ownSecrets = { QUEUE_TOKEN_SECRET: 'q'.repeat(32), INTERNAL_ASSERTION_KEY: 'k'.repeat(32), ADMIN_API_KEY: 'a'.repeat(32) };
    expect(() => loadConfig(queueServiceConfigSchema, { NODE_ENV: 'production' })).toThrow(/QUEUE_TOKEN_SECRET: must be set/);
    expect(() => loadConfig(queueServiceConfigSchema, { NODE_ENV: 'production' })).toThrow(/INTERNAL_ASSERTION_KEY: must be set/);
    expect(() => loadConfig(queueServiceConfigSchema, { NODE_ENV: 'production' })).toThrow(/ADMIN_API_KEY: must be set/);
    expect(() => loadConfig(queueServiceConfigSchema, { NODE_ENV: 'production', ...ownSecrets, QUEUE_TOKEN_SECRET: 's3cr3t' })).toThrow(/QUEUE_TOKEN_SECRET: must be at least 32/);
    expect(loadConfig(queueServiceConfigSchema, { NODE_ENV: 'production', ...ownSecrets })).toMatchObject(ownSecrets);
  });

  it('keeps the tokens of idle waiters 5 minutes and every other expired token a day; bounds each step by 50 entries a loop', () => {
    const sut = queueSettingsOf(loadConfig(queueServiceConfigSchema, {}));
    expect(sut).toMatchObject({ idleTokenRetentionSeconds: 300, tokenRetentionSeconds: 86_400, cleanupBatchSize: 50 });
    expect(queueSettingsOf(loadConfig(queueServiceConfigSchema, { QUEUE_IDLE_TOKEN_RETENTION_SECONDS: '120' })).idleTokenRetentionSeconds).toBe(120);
  });

  it('asks concert-service (default http://127.0.0.1:3002) whether the concert of a join exists', () => {
    expect(loadConfig(queueServiceConfigSchema, {})).toMatchObject({ CONCERT_SERVICE_URLS: ['http://127.0.0.1:3002'], CONCERT_SERVICE_TIMEOUT_MS: 2_000 });
    expect(loadConfig(queueServiceConfigSchema, { CONCERT_SERVICE_URLS: 'http://a:1,http://b:2' }).CONCERT_SERVICE_URLS).toEqual(['http://a:1', 'http://b:2']);
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
    ['QUEUE_IDLE_TOKEN_RETENTION_SECONDS', '59'],
    ['QUEUE_IDLE_TOKEN_RETENTION_SECONDS', 'five minutes'],
    ['QUEUE_CLEANUP_BATCH_SIZE', '0'],
    ['QUEUE_CLEANUP_BATCH_SIZE', '1001'],
  ])('refuses %s=%s', (name, value) => {
    expect(() => loadConfig(queueServiceConfigSchema, { [name]: value })).toThrow(ConfigError);
    expect(() => loadConfig(queueServiceConfigSchema, { [name]: value })).toThrow(new RegExp(name));
  });
});
