import { Module } from '@nestjs/common';
import { IdentityModule } from '../identity/identity.module';
import { AccessGuard } from './access.guard';
import { AdminKeyFailures } from './admin-key-failures';
import { KnownQueryParametersGuard } from './known-query-parameters.guard';
import { QUEUE_TOKEN_STATE_READER, RedisQueueTokenStateReader } from './queue-token-state.reader';
import { StreamTickets } from './stream-tickets';

/** Who may pass the gateway: identity, the queue token check, the failed admin keys and the known query parameters. */
@Module({
  imports: [IdentityModule],
  providers: [{ provide: QUEUE_TOKEN_STATE_READER, useClass: RedisQueueTokenStateReader }, StreamTickets, AdminKeyFailures, AccessGuard, KnownQueryParametersGuard],
  exports: [QUEUE_TOKEN_STATE_READER, AccessGuard, KnownQueryParametersGuard, StreamTickets, AdminKeyFailures, IdentityModule],
})
export class AccessModule {}
