export const MESSAGING_OPTIONS = Symbol('MESSAGING_OPTIONS');
export const MESSAGING_CONFIG = Symbol('MESSAGING_CONFIG');
export const EVENT_INBOX = Symbol('EVENT_INBOX');
/** The MessagePublisher port (the Kafka bus), for code that publishes directly (e.g. re-drive). */
export const MESSAGE_PUBLISHER = Symbol('MESSAGE_PUBLISHER');

export interface MessagingModuleOptions {
  /** e.g. 'payment-service': Kafka clientId and default consumer group id. */
  service: string;
  /** Needs DatabaseModule; provides OutboxWriter and runs an OutboxRelay. */
  outbox?: boolean;
  /** Where handled event ids and dead letters are kept (redis needs RedisModule). */
  inbox?: 'postgres' | 'redis';
}
