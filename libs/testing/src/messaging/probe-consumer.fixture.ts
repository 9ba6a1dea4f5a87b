/**
 * Consumer-side probe process: a Nest application context with the real EventConsumerHost (the
 * consumer loop under the saga transport) and
 * postgres inbox. Its handler writes one probe_effects row per run (no unique key: a second run
 * would show), and throws for probes listed in probe_blocked.
 */
import 'reflect-metadata';
import { type EventEnvelope, type PlatformProbe, Topics } from '@concert/contracts';
import { Inject, Injectable, Module, type OnModuleInit } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import {
  APP_CONFIG,
  ConfigModule,
  DatabaseModule,
  type EventContext,
  EventConsumerHost,
  type EventHandler,
  type IncomingMessage,
  KafkajsMessageBus,
  loadConfig,
  MessagingModule,
  messagingEntities,
  type SubscriptionOptions,
} from '@concert/platform';
import { type ProbeConfig, probeConfigSchema } from './probe-app.fixture';

@Injectable()
class ProbeConsumer implements OnModuleInit, EventHandler<typeof Topics.PlatformProbe> {
  readonly topic = Topics.PlatformProbe;

  constructor(@Inject(EventConsumerHost) private readonly host: EventConsumerHost) {}

  onModuleInit(): void {
    this.host.register(this);
  }

  async handle(event: EventEnvelope<PlatformProbe>, context: EventContext): Promise<void> {
    const manager = context.manager;
    if (!manager) throw new Error('postgres inbox expected');
    const blocked: unknown[] = await manager.query('SELECT 1 FROM probe_blocked WHERE probe_id = $1', [event.payload.probeId]);
    if (blocked.length > 0) throw new Error(`probe ${event.payload.probeId} is blocked`);
    await manager.query('INSERT INTO probe_effects (event_id, probe_id, note) VALUES ($1, $2, $3)', [event.eventId, event.payload.probeId, event.payload.note]);
  }
}

/**
 * Test-only instrumentation around the bus: prints every delivery, and with
 * CONSUMER_CRASH_AFTER_EFFECT dies by SIGKILL after a 'crash' probe's transaction committed but
 * before the bus commits its offset (the wrapped handle never returns).
 */
@Injectable()
class DeliveryProbe implements OnModuleInit {
  constructor(
    @Inject(KafkajsMessageBus) private readonly bus: KafkajsMessageBus,
    @Inject(APP_CONFIG) private readonly config: ProbeConfig,
  ) {}

  onModuleInit(): void {
    const subscribe = this.bus.subscribe.bind(this.bus);
    const crashAfterEffect = this.config.CONSUMER_CRASH_AFTER_EFFECT;
    const delivered = (message: IncomingMessage) => {
      const envelope = parse(message.value);
      process.stdout.write(`delivered ${envelope?.eventId ?? 'malformed'} ${message.topic}[${message.partition}]@${message.offset}\n`);
      return envelope;
    };
    const crashIfAsked = async (envelope: ReturnType<typeof parse>) => {
      if (crashAfterEffect && envelope?.payload?.note === 'crash') {
        process.stdout.write(`crashing after effect of ${envelope.eventId}\n`);
        process.kill(process.pid, 'SIGKILL');
        await new Promise(() => undefined);
      }
    };
    this.bus.subscribe = (options: SubscriptionOptions) =>
      subscribe({
        ...options,
        handle: async (message) => {
          const envelope = delivered(message);
          await options.handle(message);
          await crashIfAsked(envelope);
        },
        ...(options.handleBatch
          ? {
              handleBatch: async (messages: IncomingMessage[]) => {
                const envelopes = messages.map(delivered);
                await options.handleBatch?.(messages);
                for (const envelope of envelopes) await crashIfAsked(envelope);
              },
            }
          : {}),
      });
  }
}

function parse(value: string | null): { eventId?: string; payload?: { note?: string } } | undefined {
  try {
    return value ? (JSON.parse(value) as { eventId?: string; payload?: { note?: string } }) : undefined;
  } catch {
    return undefined;
  }
}

@Module({})
class ProbeConsumerModule {}

async function main(): Promise<void> {
  const config = loadConfig(probeConfigSchema);
  const app = await NestFactory.createApplicationContext(
    {
      module: ProbeConsumerModule,
      imports: [
        ConfigModule.forRoot(config),
        DatabaseModule.forRoot({ schema: config.PROBE_SCHEMA, entities: messagingEntities, migrations: [] }),
        MessagingModule.forRoot({ service: config.PROBE_SERVICE, inbox: 'postgres' }),
      ],
      providers: [DeliveryProbe, ProbeConsumer],
    },
    { logger: ['error', 'warn', 'log'] },
  );
  app.enableShutdownHooks();
  // The consumer loop itself, without the Nest transport over it (the services' workers start that).
  await app.get(EventConsumerHost).start();
  process.stdout.write(`probe-consumer ready pid=${process.pid}\n`);
}

main().catch((error: unknown) => {
  process.stderr.write(`probe-consumer failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});
