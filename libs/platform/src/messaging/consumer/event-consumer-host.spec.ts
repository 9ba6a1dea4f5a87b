import { Logger } from '@nestjs/common';
import { Topics } from '@concert/contracts';
import type { KafkajsMessageBus } from '../kafkajs-message-bus';
import { type MessagingConfig, messagingConfigSchema } from '../messaging.config';
import type { EventInbox } from './event-inbox';
import { EventConsumerHost } from './event-consumer-host';

function hostFor(role: string | undefined): { host: EventConsumerHost; subscribe: jest.Mock } {
  const subscribe = jest.fn().mockResolvedValue({ stop: jest.fn().mockResolvedValue(undefined) });
  const bus = { subscribe } as unknown as KafkajsMessageBus;
  const inbox = {} as EventInbox;
  const config: MessagingConfig = messagingConfigSchema.parse({});
  const host = new EventConsumerHost({ service: 'test-service' }, config, bus, inbox, role === undefined ? {} : { PROCESS_ROLE: role });
  host.register({ topic: Topics.PlatformProbe, handle: () => Promise.resolve() });
  return { host, subscribe };
}

describe('EventConsumerHost and PROCESS_ROLE', () => {
  beforeAll(() => Logger.overrideLogger(false));

  it.each(['all', 'worker', undefined])('subscribes its groups in a %s process', async (role) => {
    const { host, subscribe } = hostFor(role);
    await host.onApplicationBootstrap();
    expect(subscribe).toHaveBeenCalledTimes(1);
    expect(subscribe.mock.calls[0]?.[0]).toMatchObject({ groupId: 'test-service', topics: [Topics.PlatformProbe] });
    await host.onModuleDestroy();
  });

  it('leaves every subscription to the workers in an api process', async () => {
    const { host, subscribe } = hostFor('api');
    await host.onApplicationBootstrap();
    expect(subscribe).not.toHaveBeenCalled();
    await host.onModuleDestroy();
  });
});
