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

  it('refuses the development secret in production, as queue-service does', () => {
    expect(() => loadConfig(gatewayConfigSchema, { NODE_ENV: 'production' })).toThrow(/QUEUE_TOKEN_SECRET: must be set/);
    expect(loadConfig(gatewayConfigSchema, { NODE_ENV: 'production', QUEUE_TOKEN_SECRET: 's3cr3t' }).queueTokenSecrets).toEqual(['s3cr3t']);
  });

  it.each([
    ['PAYMENT_SERVICE_URLS', ''],
    ['PAYMENT_SERVICE_URLS', 'localhost:3004'],
    ['PAYMENT_SERVICE_URLS', 'http://127.0.0.1:3004/api'],
    ['RATE_LIMIT_PER_CLIENT_PER_SECOND', '-1'],
    ['GATEWAY_PORT', 'x'],
  ])('names %s when it is %p', (name, value) => {
    expect(() => loadConfig(gatewayConfigSchema, { [name]: value })).toThrow(ConfigError);
    expect(() => loadConfig(gatewayConfigSchema, { [name]: value })).toThrow(new RegExp(name));
  });
});
