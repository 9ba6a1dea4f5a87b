import { randomBytes } from 'node:crypto';
import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { loadConfig } from '@concert/platform';
import { parse } from 'yaml';
import type { z } from 'zod';
import { concertServiceConfigSchema } from '../../apps/concert-service/src/concert-service.config';
import { gatewayConfigSchema } from '../../apps/gateway/src/gateway.config';
import { historySinkConfigSchema } from '../../apps/history-sink/src/history-sink.config';
import { paymentServiceConfigSchema } from '../../apps/payment-service/src/payment-service.config';
import { queueServiceConfigSchema } from '../../apps/queue-service/src/queue-service.config';
import { reservationServiceConfigSchema } from '../../apps/reservation-service/src/reservation-service.config';

// There is no Docker engine on the development and CI machines, so the compose file is checked
// statically: every app has a container, every variable a process requires is set, every secret
// must come from the deployer.
const root = path.resolve(__dirname, '..', '..');

interface ComposeService {
  command?: string[];
  build?: { args?: Record<string, string> };
  environment?: Record<string, string | number>;
  image?: string;
  ports?: string[];
  volumes?: string[];
}

// The file merges anchors into anchors (x-backend-env into x-queue-env into every queue container):
// more alias expansions than the parser's guard against untrusted input allows by default.
const composeDocument: unknown = parse(readFileSync(path.join(root, 'docker-compose.yml'), 'utf8'), { merge: true, maxAliasCount: 1_000 });
const compose = composeDocument as { services: Record<string, ComposeService> };
const services = compose.services;
const apps = readdirSync(path.join(root, 'apps'));
/** The services behind the gateway, which run replicas (the history sink runs once). */
const replicated = apps.filter((name) => name !== 'gateway' && name !== 'history-sink');

function containersOf(app: string): Array<[string, ComposeService]> {
  // Long-running containers only (one-shot jobs such as the seed have their own command).
  return Object.entries(services).filter(([, service]) => service.build?.args?.['APP'] === app && !service.command);
}

/** Every container that runs an app's code, one-shot jobs included (the seed runs concert-service's). */
function allContainersOf(app: string): Array<[string, ComposeService]> {
  return Object.entries(services).filter(([, service]) => service.build?.args?.['APP'] === app);
}

/** The containers of an app that serve requests (PROCESS_ROLE api, or unset: all). */
function replicasOf(app: string): Array<[string, ComposeService]> {
  return containersOf(app).filter(([, service]) => service.environment?.['PROCESS_ROLE'] !== 'worker');
}

describe('docker-compose.yml', () => {
  it('runs the infrastructure from official images', () => {
    expect(services['postgres']?.image).toMatch(/^postgres:/);
    expect(services['redis']?.image).toMatch(/^redis:/);
    expect(services['kafka']?.image).toMatch(/^apache\/kafka:4\./);
  });

  it.each(apps)('has a container for %s', (app) => {
    expect(containersOf(app).length).toBeGreaterThanOrEqual(1);
  });

  it('runs two api replicas and one worker of every backend service', () => {
    for (const app of replicated) {
      expect(replicasOf(app).map(([, service]) => service.environment?.['PROCESS_ROLE'])).toEqual(['api', 'api']);
      expect(containersOf(app).filter(([, service]) => service.environment?.['PROCESS_ROLE'] === 'worker')).toHaveLength(1);
    }
  });

  it.each(apps.filter((name) => name !== 'gateway'))('gives every %s container its infrastructure and identity', (app) => {
    for (const [, service] of containersOf(app)) {
      const environment = service.environment ?? {};
      for (const variable of ['DATABASE_URL', 'REDIS_URL', 'KAFKA_BROKERS', 'PORT', 'HOST', 'INSTANCE_ID', 'APP']) {
        expect(environment).toHaveProperty(variable);
        expect(String(environment[variable])).not.toBe('');
      }
      expect(environment['APP']).toBe(app);
    }
  });

  it('points the gateway at every replica of every service', () => {
    const environment = services['gateway']?.environment ?? {};
    for (const [variable, app] of [
      ['QUEUE_SERVICE_URLS', 'queue-service'],
      ['CONCERT_SERVICE_URLS', 'concert-service'],
      ['RESERVATION_SERVICE_URLS', 'reservation-service'],
      ['PAYMENT_SERVICE_URLS', 'payment-service'],
    ] as const) {
      const urls = String(environment[variable]).split(',');
      const hosts = replicasOf(app).map(([name]) => name);
      expect(urls.map((url) => new URL(url).hostname).sort()).toEqual(hosts.sort());
    }
    for (const variable of ['GATEWAY_PORT', 'REDIS_URL', 'QUEUE_TOKEN_SECRET', 'RATE_LIMIT_PER_CLIENT_PER_SECOND', 'TRUST_PROXY']) {
      expect(environment).toHaveProperty(variable);
    }
  });

  it('seeds the demo concert with a one-shot container', () => {
    expect(services['seed']?.command?.join(' ')).toContain('seed.js');
  });

  it('passes every variable of the configuration table to the services', () => {
    const environment = containersOf('reservation-service')[0]?.[1].environment ?? {};
    for (const variable of [
      'RESERVATION_HOLD_SECONDS',
      'RESERVATION_MAX_HOLDS_PER_USER',
      'QUEUE_MAX_ACTIVE_USERS',
      'QUEUE_ADMIT_INTERVAL_MS',
      'QUEUE_ACTIVE_SECONDS',
      'QUEUE_WAITING_IDLE_SECONDS',
      'DATA_PLATFORM_URL',
    ]) {
      expect(environment).toHaveProperty(variable);
    }
  });
});

/** What a deployer must set: compose refuses to start without each (`${NAME:?message}`, no default). */
const REQUIRED_VARIABLES = [
  'INTERNAL_ASSERTION_KEY',
  'QUEUE_TOKEN_SECRET',
  'ADMIN_API_KEY',
  'METRICS_API_KEY',
  'AUTH_ISSUER',
  'AUTH_AUDIENCE',
  'AUTH_JWKS_URL',
  'POSTGRES_PASSWORD',
  'REDIS_PASSWORD',
] as const;

/** The apps that receive each secret as a variable of its own: only those that use it. */
const HOLDERS: Record<string, readonly string[]> = {
  INTERNAL_ASSERTION_KEY: apps,
  QUEUE_TOKEN_SECRET: ['gateway', 'queue-service'],
  ADMIN_API_KEY: ['gateway', 'queue-service', 'concert-service'],
  METRICS_API_KEY: ['gateway'],
  AUTH_ISSUER: ['gateway'],
  AUTH_AUDIENCE: ['gateway'],
  AUTH_JWKS_URL: ['gateway'],
};

/** What a deployer's .env could hold: secrets as .env.example says to make them. */
const deployment: Record<string, string> = {
  INTERNAL_ASSERTION_KEY: randomBytes(48).toString('base64'),
  QUEUE_TOKEN_SECRET: randomBytes(48).toString('base64'),
  ADMIN_API_KEY: randomBytes(48).toString('base64'),
  METRICS_API_KEY: randomBytes(48).toString('base64'),
  AUTH_ISSUER: 'https://login.example.com/',
  AUTH_AUDIENCE: 'concert-reservation-api',
  AUTH_JWKS_URL: 'https://login.example.com/.well-known/jwks.json',
  POSTGRES_PASSWORD: randomBytes(32).toString('hex'),
  REDIS_PASSWORD: randomBytes(32).toString('hex'),
};

const REFERENCE = /\$\$|\$\{([A-Za-z_][A-Za-z0-9_]*)(?:(:?[-?])([^}]*))?\}|\$([A-Za-z_][A-Za-z0-9_]*)/g;

/**
 * Compose's interpolation of one value: `${NAME}`, `$NAME`, `${NAME:-default}` / `${NAME-default}`,
 * `${NAME:?message}` / `${NAME?message}` (an error when unset, or also when empty with the colon), `$$`.
 */
function interpolate(value: string, variables: Record<string, string | undefined>): string {
  return value.replace(REFERENCE, (match, braced?: string, operator?: string, argument = '', bare?: string) => {
    if (match === '$$') return '$';
    const name = (braced ?? bare) as string;
    const given = variables[name];
    const missing = given === undefined || (operator?.startsWith(':') === true && given === '');
    if (operator?.endsWith('?') && missing) throw new Error(`required variable ${name} is missing a value: ${argument}`);
    if (operator?.endsWith('-') && missing) return argument;
    return given ?? '';
  });
}

/** The environment a container gets from compose with these variables set (the deployment's by default). */
function substituted(environment: Record<string, string | number>, variables: Record<string, string | undefined> = deployment): NodeJS.ProcessEnv {
  return Object.fromEntries(Object.entries(environment).map(([name, value]) => [name, interpolate(String(value), variables)]));
}

/** Every string value of the file, extension fields and merged anchors included. */
function stringsOf(node: unknown): string[] {
  if (typeof node === 'string') return [node];
  if (Array.isArray(node)) return node.flatMap(stringsOf);
  if (node !== null && typeof node === 'object') return Object.values(node).flatMap(stringsOf);
  return [];
}

/** Every variable reference in the file: its name and how it is written. */
const references = stringsOf(composeDocument).flatMap((value) =>
  [...value.matchAll(REFERENCE)].filter(([match]) => match !== '$$').map(([match, braced, operator, argument, bare]) => ({
    name: braced ?? bare,
    text: match,
    operator,
    argument,
  })),
);

/** `${NAME:?message}`: required, no default, a message for the deployer. */
const requiredForm = (name: string) => new RegExp(String.raw`^\$\{${name}:\?[^}]+\}$`);

describe('docker-compose.yml secrets and exposure', () => {
  it('requires exactly the secrets and settings a deployer must choose, each with ${NAME:?message}', () => {
    const required = new Set(references.filter((reference) => reference.operator?.endsWith('?')).map((reference) => reference.name));
    expect([...required].sort()).toEqual([...REQUIRED_VARIABLES].sort());
  });

  it.each(REQUIRED_VARIABLES)('never gives %s a default: every reference is ${NAME:?message}', (name) => {
    const uses = references.filter((reference) => reference.name === name);
    expect(uses.length).toBeGreaterThan(0);
    for (const use of uses) expect(use.text).toMatch(requiredForm(name));
  });

  it.each(REQUIRED_VARIABLES)('refuses to start without %s, and with it empty', (name) => {
    const document = stringsOf(composeDocument);
    const without: Record<string, string | undefined> = { ...deployment, [name]: undefined };
    expect(() => document.map((value) => interpolate(value, without))).toThrow(new RegExp(`required variable ${name} `));
    expect(() => document.map((value) => interpolate(value, { ...deployment, [name]: '' }))).toThrow(new RegExp(`required variable ${name} `));
    expect(() => document.map((value) => interpolate(value, deployment))).not.toThrow();
  });

  it.each(Object.keys(HOLDERS))('passes %s to the apps that use it and to no other', (name) => {
    for (const app of apps) {
      const containers = allContainersOf(app);
      expect(containers.length).toBeGreaterThan(0);
      for (const [container, service] of containers) {
        const value = service.environment?.[name];
        if (HOLDERS[name]?.includes(app)) {
          expect({ container, value: String(value) }).toEqual({ container, value: expect.stringMatching(requiredForm(name)) });
        } else {
          expect({ container, value }).toEqual({ container, value: undefined });
        }
      }
    }
  });

  it('publishes a port for the gateway only; the services and the infrastructure stay on the compose network', () => {
    const published = Object.entries(services)
      .filter(([, service]) => service.ports !== undefined)
      .map(([name]) => name);
    expect(published).toEqual(['gateway']);
  });

  it('runs every app process in production with dev sign-in off', () => {
    for (const app of apps) {
      for (const [container, service] of allContainersOf(app)) {
        const environment = service.environment ?? {};
        expect({ container, NODE_ENV: environment['NODE_ENV'], AUTH_DEV_LOGIN: environment['AUTH_DEV_LOGIN'] }).toEqual({
          container,
          NODE_ENV: 'production',
          AUTH_DEV_LOGIN: 'false',
        });
      }
    }
  });

  it('sets the Postgres password and puts it in every DATABASE_URL', () => {
    expect(String(services['postgres']?.environment?.['POSTGRES_PASSWORD'])).toMatch(requiredForm('POSTGRES_PASSWORD'));
    const withDatabase = Object.entries(services).filter(([, service]) => service.environment?.['DATABASE_URL'] !== undefined);
    expect(withDatabase.length).toBeGreaterThan(0);
    for (const [container, service] of withDatabase) {
      const url = new URL(String(substituted(service.environment ?? {})['DATABASE_URL']));
      expect({ container, host: url.host, username: url.username, password: url.password }).toEqual({
        container,
        host: 'postgres:5432',
        username: 'postgres',
        password: deployment['POSTGRES_PASSWORD'],
      });
    }
  });

  it("runs Redis with the project's durable configuration, its data in a volume", () => {
    const redis = services['redis'];
    const command = redis?.command ?? [];
    expect(command.slice(0, 2)).toEqual(['redis-server', '/usr/local/etc/redis/redis.conf']);
    expect(command).not.toContain('--appendonly');
    expect(command).not.toContain('--save');
    expect(redis?.volumes).toEqual(expect.arrayContaining(['./config/redis/redis.conf:/usr/local/etc/redis/redis.conf:ro', 'redis-data:/data']));
    const conf = readFileSync(path.join(root, 'config', 'redis', 'redis.conf'), 'utf8');
    const settings = Object.fromEntries(
      conf
        .split('\n')
        .map((line) => line.trim())
        .filter((line) => line && !line.startsWith('#'))
        .map((line) => [line.split(/\s+/)[0], line.split(/\s+/).slice(1).join(' ')]),
    );
    expect(settings).toMatchObject({ appendonly: 'yes', appendfsync: 'everysec', 'maxmemory-policy': 'noeviction' });
    expect(settings['maxmemory']).toMatch(/^\d+(mb|gb)$/);
  });

  it('makes Redis require a password, which every REDIS_URL and the health check carry', () => {
    const redis = services['redis'];
    const command = redis?.command ?? [];
    const flag = command.indexOf('--requirepass');
    expect(flag).toBeGreaterThanOrEqual(0);
    expect(command[flag + 1]).toMatch(requiredForm('REDIS_PASSWORD'));
    expect(String(redis?.environment?.['REDISCLI_AUTH'])).toMatch(requiredForm('REDIS_PASSWORD'));
    const withRedis = Object.entries(services).filter(([, service]) => service.environment?.['REDIS_URL'] !== undefined);
    expect(withRedis.map(([name]) => name)).toContain('gateway');
    for (const [container, service] of withRedis) {
      expect({ container, raw: String(service.environment?.['REDIS_URL']) }).toEqual({
        container,
        raw: expect.stringMatching(/^redis:\/\/:\$\{REDIS_PASSWORD:\?[^}]+\}@redis:6379$/),
      });
      const url = new URL(String(substituted(service.environment ?? {})['REDIS_URL']));
      expect(url.password).toBe(deployment['REDIS_PASSWORD']);
    }
  });
});

describe('.env.example', () => {
  const lines = readFileSync(path.join(root, '.env.example'), 'utf8').split('\n');
  const entry = /^(#\s*)?([A-Z][A-Z0-9_]*)=(.*)$/;
  const entries = lines.flatMap((line, index) => {
    const match = entry.exec(line);
    return match ? [{ name: match[2], active: match[1] === undefined, value: match[3], index }] : [];
  });

  it('lists every required variable, uncommented and empty', () => {
    for (const name of REQUIRED_VARIABLES) {
      expect(entries.filter((item) => item.name === name)).toEqual([expect.objectContaining({ active: true, value: '' })]);
    }
  });

  it('names every variable the compose file reads, and no other', () => {
    const read = new Set(references.map((reference) => reference.name));
    expect([...new Set(entries.map((item) => item.name))].sort()).toEqual([...read].sort());
  });

  it('explains each variable in the comment line above it', () => {
    for (const { name, index } of entries) {
      const above = lines[index - 1] ?? '';
      expect({ name, above }).toEqual({ name, above: expect.stringMatching(/^# \S/) });
      expect(entry.test(above)).toBe(false);
    }
  });

  it('says how to generate a secret', () => {
    expect(lines.join('\n')).toContain('openssl rand -base64 48');
  });
});

const schemas: Record<string, z.ZodTypeAny> = {
  gateway: gatewayConfigSchema,
  'queue-service': queueServiceConfigSchema,
  'concert-service': concertServiceConfigSchema,
  'reservation-service': reservationServiceConfigSchema,
  'payment-service': paymentServiceConfigSchema,
  'history-sink': historySinkConfigSchema,
};

describe('docker-compose.yml against each app\'s own configuration schema', () => {
  it.each(Object.keys(schemas))('starts %s: its compose environment, with a deployer\'s values, passes its production start-up checks', (app) => {
    const containers = app === 'gateway' ? [['gateway', services['gateway']] as const] : allContainersOf(app);
    expect(containers.length).toBeGreaterThan(0);
    for (const [, service] of containers) {
      expect(() => loadConfig(schemas[app], substituted(service.environment ?? {}))).not.toThrow();
    }
  });

  it('would catch a missing production secret', () => {
    const environment = substituted(services['gateway']?.environment ?? {});
    delete environment['QUEUE_TOKEN_SECRET'];
    expect(() => loadConfig(gatewayConfigSchema, { ...environment, NODE_ENV: 'production' })).toThrow(/QUEUE_TOKEN_SECRET/);
  });

  it('would catch a deployer\'s short or published secret', () => {
    const environment = services['gateway']?.environment ?? {};
    expect(() => loadConfig(gatewayConfigSchema, substituted(environment, { ...deployment, ADMIN_API_KEY: 'dev-admin-key' }))).toThrow(/ADMIN_API_KEY/);
    expect(() => loadConfig(gatewayConfigSchema, substituted(environment, { ...deployment, INTERNAL_ASSERTION_KEY: 'x'.repeat(31) }))).toThrow(
      /INTERNAL_ASSERTION_KEY/,
    );
  });
});
