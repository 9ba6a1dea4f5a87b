import { ConfigError, DEV_QUEUE_TOKEN_SECRET, loadConfig } from '@concert/platform';
import { gatewayConfigSchema } from './gateway.config';

describe('gatewayConfigSchema', () => {
  it('has the documented defaults', () => {
    const sut = loadConfig(gatewayConfigSchema, {});
    expect(sut).toMatchObject({
      GATEWAY_PORT: 3000,
      QUEUE_SERVICE_URLS: ['http://127.0.0.1:3001'],
      CONCERT_SERVICE_URLS: ['http://127.0.0.1:3002'],
      RESERVATION_SERVICE_URLS: ['http://127.0.0.1:3003'],
      PAYMENT_SERVICE_URLS: ['http://127.0.0.1:3004'],
      RATE_LIMIT_PER_CLIENT_PER_SECOND: 50,
      RATE_LIMIT_STORE: 'redis',
      queueTokenSecrets: [DEV_QUEUE_TOKEN_SECRET],
    });
  });

  it('reads replica lists and every secret a token may carry', () => {
    const sut = loadConfig(gatewayConfigSchema, {
      RESERVATION_SERVICE_URLS: 'http://127.0.0.1:3003, http://127.0.0.1:3013',
      QUEUE_TOKEN_SECRET: 'new',
      QUEUE_TOKEN_SECRETS: 'old, new ,older',
    });
    expect(sut.RESERVATION_SERVICE_URLS).toEqual(['http://127.0.0.1:3003', 'http://127.0.0.1:3013']);
    expect(sut.queueTokenSecrets).toEqual(['new', 'old', 'older']);
  });

  it('reads the SYSTEM_ID its upstreams must answer as, and has none by default', () => {
    expect(loadConfig(gatewayConfigSchema, {}).SYSTEM_ID).toBeUndefined();
    expect(loadConfig(gatewayConfigSchema, { SYSTEM_ID: 'start-1' }).SYSTEM_ID).toBe('start-1');
  });

  const strong = (name: string) => `${name}-0123456789abcdefghijklmnopqrstuvwxyz`;
  const production = {
    NODE_ENV: 'production',
    QUEUE_TOKEN_SECRET: strong('queue'),
    ADMIN_API_KEY: strong('admin'),
    INTERNAL_ASSERTION_KEY: strong('assertion'),
    AUTH_ISSUER: 'https://id.example.com/',
    AUTH_AUDIENCE: 'concert-reservation',
    AUTH_JWKS_URL: 'https://id.example.com/.well-known/jwks.json',
  };

  it('turns dev sign-in on by default, but not in production', () => {
    expect(loadConfig(gatewayConfigSchema, {}).AUTH_DEV_LOGIN).toBe(true);
    expect(loadConfig(gatewayConfigSchema, { AUTH_DEV_LOGIN: 'false' }).AUTH_DEV_LOGIN).toBe(false);
    expect(loadConfig(gatewayConfigSchema, production).AUTH_DEV_LOGIN).toBe(false);
  });

  it('starts in production with secrets and an identity provider of its own', () => {
    expect(loadConfig(gatewayConfigSchema, production).queueTokenSecrets).toEqual([strong('queue')]);
  });

  it.each([
    ['QUEUE_TOKEN_SECRET', { QUEUE_TOKEN_SECRET: undefined }, /QUEUE_TOKEN_SECRET: must be set to a secret of your own/],
    ['QUEUE_TOKEN_SECRET', { QUEUE_TOKEN_SECRET: 'change-me-in-production' }, /QUEUE_TOKEN_SECRET: must be set to a secret of your own/],
    ['QUEUE_TOKEN_SECRET', { QUEUE_TOKEN_SECRET: 'x'.repeat(31) }, /QUEUE_TOKEN_SECRET: must be at least 32 characters/],
    ['QUEUE_TOKEN_SECRETS', { QUEUE_TOKEN_SECRETS: `${strong('old')},short` }, /QUEUE_TOKEN_SECRETS\[1\]: must be at least 32/],
    ['ADMIN_API_KEY', { ADMIN_API_KEY: undefined }, /ADMIN_API_KEY: must be set to a secret of your own/],
    ['INTERNAL_ASSERTION_KEY', { INTERNAL_ASSERTION_KEY: undefined }, /INTERNAL_ASSERTION_KEY: must be set to a secret of your own/],
    ['INTERNAL_ASSERTION_KEYS', { INTERNAL_ASSERTION_KEYS: 'dev-internal-assertion-key-change-me' }, /INTERNAL_ASSERTION_KEYS\[0\]/],
    ['METRICS_API_KEY', { METRICS_API_KEY: 'short' }, /METRICS_API_KEY: must be at least 32/],
    ['AUTH_DEV_LOGIN', { AUTH_DEV_LOGIN: 'true' }, /AUTH_DEV_LOGIN: dev sign-in cannot be turned on in production/],
    ['AUTH_ISSUER', { AUTH_ISSUER: undefined }, /AUTH_ISSUER: must name your identity provider/],
    ['AUTH_JWKS_URL', { AUTH_JWKS_URL: undefined }, /AUTH_JWKS_URL: must be your identity provider's key set/],
  ])('refuses to start in production with a weak or default %s, naming it', (_name, change, message) => {
    const env = Object.fromEntries(Object.entries({ ...production, ...change }).filter(([, value]) => value !== undefined)) as Record<string, string>;
    expect(() => loadConfig(gatewayConfigSchema, env)).toThrow(message);
  });

  it.each([
    ['PAYMENT_SERVICE_URLS', ''],
    ['PAYMENT_SERVICE_URLS', 'localhost:3004'],
    ['PAYMENT_SERVICE_URLS', 'http://127.0.0.1:3004/api'],
    ['RATE_LIMIT_PER_CLIENT_PER_SECOND', '-1'],
    ['GATEWAY_PORT', 'x'],
    ['SYSTEM_ID', 'two words'],
  ])('names %s when it is %p', (name, value) => {
    expect(() => loadConfig(gatewayConfigSchema, { [name]: value })).toThrow(ConfigError);
    expect(() => loadConfig(gatewayConfigSchema, { [name]: value })).toThrow(new RegExp(name));
  });
});
