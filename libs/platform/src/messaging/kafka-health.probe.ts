import { Inject, Injectable } from '@nestjs/common';
import { type HealthProbe, withTimeout } from '../health/health-probe';
import { KafkajsMessageBus } from './kafkajs-message-bus';

/** /health probe: one metadata round trip to the cluster, bounded in time. */
@Injectable()
export class KafkaHealthProbe implements HealthProbe {
  readonly name = 'kafka';

  constructor(@Inject(KafkajsMessageBus) private readonly bus: KafkajsMessageBus) {}

  async check(): Promise<void> {
    const cluster = await withTimeout(this.bus.describeCluster(), 1_500, 'kafka');
    if (cluster.brokers === 0) throw new Error('kafka: no broker in cluster metadata');
  }
}
