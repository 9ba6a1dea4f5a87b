import { DEV_INTERNAL_ASSERTION_KEY } from '../identity/caller-assertion';
import { DEV_AUTH_ISSUER } from '../identity/identity-provider';
import { DEV_QUEUE_TOKEN_SECRET } from '../queue-token/queue-token';

/** Secrets a process may hold, one value each. */
const SECRETS = ['QUEUE_TOKEN_SECRET', 'ADMIN_API_KEY', 'INTERNAL_ASSERTION_KEY', 'METRICS_API_KEY'] as const;
/** Rotation lists: every entry is a secret too. */
const SECRET_LISTS = ['QUEUE_TOKEN_SECRETS', 'INTERNAL_ASSERTION_KEYS'] as const;

export const MIN_SECRET_LENGTH = 32;

/**
 * Values that are published (defaults in this repository, the old compose defaults, examples):
 * anyone could sign with them.
 */
export const KNOWN_DEV_SECRETS: ReadonlySet<string> = new Set([
  DEV_QUEUE_TOKEN_SECRET,
  DEV_INTERNAL_ASSERTION_KEY,
  'dev-admin-key',
  'change-me-in-production',
]);

function secretProblem(name: string, value: string): string | undefined {
  if (KNOWN_DEV_SECRETS.has(value)) return `${name}: must be set to a secret of your own in production (this is a published development value)`;
  if (value.length < MIN_SECRET_LENGTH) return `${name}: must be at least ${MIN_SECRET_LENGTH} characters in production`;
  return undefined;
}

/**
 * What a process must refuse to start with when NODE_ENV=production, naming each variable: a
 * published or short value of any secret it holds, and dev sign-in turned on. Checked by
 * loadConfig for every process, whatever its schema, so no service can forget it.
 */
export function productionProblems(config: Record<string, unknown>): string[] {
  if (config.NODE_ENV !== 'production') return [];
  const problems: string[] = [];
  for (const name of SECRETS) {
    const value = config[name];
    if (typeof value === 'string') {
      const problem = secretProblem(name, value);
      if (problem) problems.push(problem);
    }
  }
  for (const name of SECRET_LISTS) {
    const values = config[name];
    if (!Array.isArray(values)) continue;
    for (const [index, value] of values.entries()) {
      const problem = typeof value === 'string' ? secretProblem(`${name}[${index}]`, value) : undefined;
      if (problem) problems.push(problem);
    }
  }
  if (config.AUTH_DEV_LOGIN === true) problems.push('AUTH_DEV_LOGIN: dev sign-in cannot be turned on in production');
  // The public entry names its identity provider: the dev issuer does not exist in production.
  if (config.AUTH_ISSUER === DEV_AUTH_ISSUER) problems.push("AUTH_ISSUER: must name your identity provider in production (the dev issuer's is refused)");
  if ('AUTH_ISSUER' in config && config.AUTH_JWKS_URL === undefined) problems.push("AUTH_JWKS_URL: must be your identity provider's key set in production");
  return problems;
}
