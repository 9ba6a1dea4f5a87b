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
// statically: every app has a container, every variable a process requires is set.
const root = path.resolve(__dirname, '..', '..');

interface ComposeService {
  command?: string[];
  build?: { args?: Record<string, string> };
  environment?: Record<string, string | number>;
  image?: string;
}

const compose = parse(readFileSync(path.join(root, 'docker-compose.yml'), 'utf8'), { merge: true }) as {
  services: Record<string, ComposeService>;
};
const services = compose.services;
const apps = readdirSync(path.join(root, 'apps'));
/** The services behind the gateway, which run replicas (the history sink runs once). */
const replicated = apps.filter((name) => name !== 'gateway' && name !== 'history-sink');

function containersOf(app: string): Array<[string, ComposeService]> {
  // Long-running containers only (one-shot jobs such as the seed have their own command).
  return Object.entries(services).filter(([, service]) => service.build?.args?.['APP'] === app && !service.command);
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
    for (const variable of ['GATEWAY_PORT', 'REDIS_URL', 'QUEUE_TOKEN_SECRET', 'RATE_LIMIT_PER_CLIENT_PER_SECOND']) {
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
      'ADMIN_API_KEY',
      'DATA_PLATFORM_URL',
    ]) {
      expect(environment).toHaveProperty(variable);
    }
  });
});

/** `${NAME:-default}` → default (what compose substitutes when the variable is unset). */
function substituted(environment: Record<string, string | number>): NodeJS.ProcessEnv {
  return Object.fromEntries(
    Object.entries(environment).map(([name, value]) => [name, String(value).replace(/\$\{[A-Z_]+:-([^}]*)\}/g, '$1')]),
  );
}

const schemas: Record<string, z.ZodTypeAny> = {
  gateway: gatewayConfigSchema,
  'queue-service': queueServiceConfigSchema,
  'concert-service': concertServiceConfigSchema,
  'reservation-service': reservationServiceConfigSchema,
  'payment-service': paymentServiceConfigSchema,
  'history-sink': historySinkConfigSchema,
};

describe('docker-compose.yml against each app\'s own configuration schema', () => {
  it.each(Object.keys(schemas))('starts %s: its compose environment passes its start-up validation', (app) => {
    const containers = app === 'gateway' ? [['gateway', services['gateway']] as const] : containersOf(app);
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
});
