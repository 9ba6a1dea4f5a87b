import type { INestApplication } from '@nestjs/common';
import { runsBackgroundWork } from '../../config/config';
import { APP_CONFIG } from '../../config/config.module';
import { EventConsumerHost } from '../consumer/event-consumer-host';
import { SagaTransport } from './saga-transport';

/**
 * Starts the service's saga handlers (its `@SagaConsumer()` controllers) as a NestJS microservice
 * on the saga transport, in a process that runs background work (PROCESS_ROLE `all` or `worker`;
 * an api process leaves them to the workers). Waits a little for the subscriptions, never long: a
 * broker that is down must not keep the service from serving, and the subscriptions keep trying.
 */
export async function startSagaConsumers(app: INestApplication): Promise<void> {
  if (!runsBackgroundWork(app.get<object>(APP_CONFIG))) return;
  const host = app.get(EventConsumerHost, { strict: false });
  app.connectMicroservice({ strategy: new SagaTransport(host) });
  await app.startAllMicroservices();
}
