import { DEV_INTERNAL_ASSERTION_KEY } from '../identity/caller-assertion';
import { DEV_AUTH_ISSUER } from '../identity/identity-provider';
import { DEV_QUEUE_TOKEN_SECRET } from '../queue-token/queue-token';
import { MIN_SECRET_LENGTH, productionProblems } from './production-safety';

describe('productionProblems', () => {
  const strong = 's'.repeat(MIN_SECRET_LENGTH);
  const service = { NODE_ENV: 'production', INTERNAL_ASSERTION_KEY: strong, INTERNAL_ASSERTION_KEYS: [] as string[] };

  it('lets a service with secrets of its own start', () => {
    expect(productionProblems(service)).toEqual([]);
    expect(productionProblems({ ...service, QUEUE_TOKEN_SECRET: strong, QUEUE_TOKEN_SECRETS: [strong], ADMIN_API_KEY: strong })).toEqual([]);
  });

  it('checks nothing outside production', () => {
    expect(productionProblems({ NODE_ENV: 'development', INTERNAL_ASSERTION_KEY: DEV_INTERNAL_ASSERTION_KEY, AUTH_DEV_LOGIN: true })).toEqual([]);
  });

  it('names every published value, however long', () => {
    expect(productionProblems({ ...service, INTERNAL_ASSERTION_KEY: DEV_INTERNAL_ASSERTION_KEY, QUEUE_TOKEN_SECRET: DEV_QUEUE_TOKEN_SECRET, ADMIN_API_KEY: 'dev-admin-key' })).toEqual([
      expect.stringMatching(/^QUEUE_TOKEN_SECRET: must be set to a secret of your own/),
      expect.stringMatching(/^ADMIN_API_KEY: must be set to a secret of your own/),
      expect.stringMatching(/^INTERNAL_ASSERTION_KEY: must be set to a secret of your own/),
    ]);
    expect(productionProblems({ ...service, QUEUE_TOKEN_SECRET: 'change-me-in-production' })).toEqual([expect.stringMatching(/^QUEUE_TOKEN_SECRET: /)]);
  });

  it('refuses a secret one character short of the minimum, and every short entry of a rotation list', () => {
    const short = 's'.repeat(MIN_SECRET_LENGTH - 1);
    expect(productionProblems({ ...service, METRICS_API_KEY: short })).toEqual([`METRICS_API_KEY: must be at least ${MIN_SECRET_LENGTH} characters in production`]);
    expect(productionProblems({ ...service, INTERNAL_ASSERTION_KEYS: [strong, short, DEV_INTERNAL_ASSERTION_KEY] })).toEqual([
      expect.stringMatching(/^INTERNAL_ASSERTION_KEYS\[1\]: must be at least/),
      expect.stringMatching(/^INTERNAL_ASSERTION_KEYS\[2\]: must be set to a secret of your own/),
    ]);
  });

  it('refuses dev sign-in and the dev issuer at the public entry', () => {
    const gateway = { ...service, AUTH_ISSUER: 'https://id.example.com/', AUTH_JWKS_URL: 'https://id.example.com/jwks', AUTH_DEV_LOGIN: false };
    expect(productionProblems(gateway)).toEqual([]);
    expect(productionProblems({ ...gateway, AUTH_DEV_LOGIN: true })).toEqual(['AUTH_DEV_LOGIN: dev sign-in cannot be turned on in production']);
    expect(productionProblems({ ...gateway, AUTH_ISSUER: DEV_AUTH_ISSUER })).toEqual([expect.stringMatching(/^AUTH_ISSUER: /)]);
    expect(productionProblems({ ...gateway, AUTH_JWKS_URL: undefined })).toEqual([expect.stringMatching(/^AUTH_JWKS_URL: /)]);
  });
});
