import { z } from 'zod';
import { baseConfigSchema, ConfigError, env, kafkaConfigSchema, loadConfig, runsBackgroundWork } from './config';

describe('loadConfig', () => {
  const schema = z.object({ PORT: env.port(3000), NAME: env.string('svc') });

  it('applies defaults for absent variables', () => {
    expect(loadConfig(schema, {})).toEqual({ PORT: 3000, NAME: 'svc' });
  });

  it('names the variable that is malformed', () => {
    expect(() => loadConfig(schema, { PORT: 'eighty' })).toThrow(ConfigError);
    expect(() => loadConfig(schema, { PORT: 'eighty' })).toThrow(/PORT: must be an integer/);
    expect(() => loadConfig(schema, { PORT: '70000' })).toThrow(/PORT/);
  });

  it('refuses an empty KAFKA_BROKERS instead of falling back to the default', () => {
    expect(() => loadConfig(kafkaConfigSchema, { KAFKA_BROKERS: '' })).toThrow(/KAFKA_BROKERS: must name at least one entry/);
    expect(loadConfig(kafkaConfigSchema, {}).KAFKA_BROKERS).toEqual(['127.0.0.1:9092']);
    expect(loadConfig(kafkaConfigSchema, { KAFKA_BROKERS: 'a:1, b:2' }).KAFKA_BROKERS).toEqual(['a:1', 'b:2']);
  });

  it('checks URL protocols', () => {
    const urls = z.object({ DB: env.url('postgres://x/y', ['postgres']) });
    expect(() => loadConfig(urls, { DB: 'http://x' })).toThrow(/DB: must be a postgres URL/);
  });
});

describe('PROCESS_ROLE', () => {
  it('is all unless told, and only api, worker or all', () => {
    expect(loadConfig(baseConfigSchema, {}).PROCESS_ROLE).toBe('all');
    expect(loadConfig(baseConfigSchema, { PROCESS_ROLE: 'worker' }).PROCESS_ROLE).toBe('worker');
    expect(() => loadConfig(baseConfigSchema, { PROCESS_ROLE: 'both' })).toThrow(/PROCESS_ROLE/);
  });

  it('leaves background work to every role but api', () => {
    expect(runsBackgroundWork(loadConfig(baseConfigSchema, { PROCESS_ROLE: 'api' }))).toBe(false);
    expect(runsBackgroundWork(loadConfig(baseConfigSchema, { PROCESS_ROLE: 'worker' }))).toBe(true);
    expect(runsBackgroundWork(loadConfig(baseConfigSchema, { PROCESS_ROLE: 'all' }))).toBe(true);
    // A test module's config without the variable runs everything, as before roles existed.
    expect(runsBackgroundWork({})).toBe(true);
  });
});

describe('SYSTEM_ID', () => {
  it('is unset unless told; an empty value counts as unset', () => {
    expect(loadConfig(baseConfigSchema, {}).SYSTEM_ID).toBeUndefined();
    expect(loadConfig(baseConfigSchema, { SYSTEM_ID: '' }).SYSTEM_ID).toBeUndefined();
    expect(loadConfig(baseConfigSchema, { SYSTEM_ID: ' 3f6c2a9e-1b7d-4c55-9a0e-5d2f8b7c1e40 ' }).SYSTEM_ID).toBe('3f6c2a9e-1b7d-4c55-9a0e-5d2f8b7c1e40');
  });

  it.each([['a value with a space', 'my system'], ['a line break', 'a\r\nx-injected: 1'], ['over 128 characters', 'x'.repeat(129)]])(
    'refuses %s, naming the variable (it is sent as a header)',
    (_case, value) => {
      expect(() => loadConfig(baseConfigSchema, { SYSTEM_ID: value })).toThrow(/SYSTEM_ID: must be 1 to 128 letters, digits or \. _ : -/);
    },
  );
});
