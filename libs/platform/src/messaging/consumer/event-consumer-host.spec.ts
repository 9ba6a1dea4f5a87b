import { Logger } from '@nestjs/common';
import { Topics } from '@concert/contracts';
import type { KafkajsMessageBus } from '../kafkajs-message-bus';
import { type MessagingConfig, messagingConfigSchema } from '../messaging.config';
import type { EventInbox } from './event-inbox';
import { EventConsumerHost } from './event-consumer-host';

function host(): { sut: EventConsumerHost; subscribe: jest.Mock; stop: jest.Mock } {
  const stop = jest.fn().mockResolvedValue(undefined);
  const subscribe = jest.fn().mockResolvedValue({ stop });
  const bus = { subscribe } as unknown as KafkajsMessageBus;
  const config: MessagingConfig = messagingConfigSchema.parse({});
  const sut = new EventConsumerHost({ service: 'test-service' }, config, bus, {} as EventInbox);
  return { sut, subscribe, stop };
}

describe('EventConsumerHost', () => {
  beforeAll(() => Logger.overrideLogger(false));

  it('subscribes one group per consumer group on start, with every topic registered for it', async () => {
    const { sut, subscribe } = host();
    sut.register({ topic: Topics.PlatformProbe, handle: () => Promise.resolve() });
    sut.register({ topic: Topics.SeatHeld, handle: () => Promise.resolve() }, { groupId: 'other' });

    await sut.start();

    expect(subscribe.mock.calls.map(([options]: [{ groupId: string; topics: string[] }]) => [options.groupId, options.topics])).toEqual([
      ['test-service', [Topics.PlatformProbe]],
      ['other', [Topics.SeatHeld]],
    ]);
    await sut.stop();
  });

  it('refuses a handler after start, and a second handler of one topic in one group', async () => {
    const { sut } = host();
    sut.register({ topic: Topics.PlatformProbe, handle: () => Promise.resolve() });
    expect(() => sut.register({ topic: Topics.PlatformProbe, handle: () => Promise.resolve() })).toThrow('already has a handler');
    await sut.start();
    expect(() => sut.register({ topic: Topics.SeatHeld, handle: () => Promise.resolve() })).toThrow('before start()');
    await sut.stop();
  });

  it('stops its subscriptions once, however often it is stopped', async () => {
    const { sut, stop } = host();
    sut.register({ topic: Topics.PlatformProbe, handle: () => Promise.resolve() });
    await sut.start();
    await sut.stop();
    await sut.onModuleDestroy();
    expect(stop).toHaveBeenCalledTimes(1);
  });
});
