import { resolveMessagingConfig } from './messaging.config';

describe('resolveMessagingConfig', () => {
  it('takes the Kafka settings from the service config and defaults the tuning values', () => {
    const sut = resolveMessagingConfig({ KAFKA_BROKERS: ['k:1'], KAFKA_CLIENT_ID: 'x', KAFKA_TOPIC_PREFIX: 'p.', OUTBOX_MAX_ATTEMPTS: 3, PORT: 1 });

    expect(sut).toMatchObject({ KAFKA_BROKERS: ['k:1'], KAFKA_TOPIC_PREFIX: 'p.', OUTBOX_MAX_ATTEMPTS: 3, OUTBOX_RETENTION_HOURS: 24, CONSUMER_MAX_ATTEMPTS: 5 });
    expect(sut).not.toHaveProperty('PORT');
  });

  it('fails fast when the service config has no Kafka brokers', () => {
    expect(() => resolveMessagingConfig({ PORT: 1 })).toThrow(/KAFKA_BROKERS/);
  });
});
