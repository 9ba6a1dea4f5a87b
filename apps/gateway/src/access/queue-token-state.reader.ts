import { QUEUE_TOKEN_STATE_SCRIPT, QueueTokenKeys, type QueueTokenState, REDIS } from '@concert/platform';
import { Inject, Injectable } from '@nestjs/common';
import type Redis from 'ioredis';
import { CLOCK, type Clock } from '../clock';

/** Where the gateway learns whether a (genuinely signed) token is ACTIVE right now. */
export interface QueueTokenStateReader {
  /** The token's state in its room, `UNKNOWN` unless it was issued to `userId` (the token's `uid` claim). */
  stateOf(token: { tokenId: string; userId: string; concertId: string }): Promise<QueueTokenState>;
}

export const QUEUE_TOKEN_STATE_READER = Symbol('QUEUE_TOKEN_STATE_READER');

type RedisWithTokenState = Redis & {
  queueTokenState(active: string, waiting: string, preQueue: string, token: string, tokenId: string, nowMs: number, userId: string): Promise<string>;
};

/**
 * Reads the state queue-service keeps in Redis with one round trip: EVALSHA of the shared
 * script over the token's room (its keys share one hash tag: one slot), ioredis falling back to
 * EVAL once if the script cache was flushed. The client applies REDIS_KEY_PREFIX to the keys, as
 * queue-service's does.
 */
@Injectable()
export class RedisQueueTokenStateReader implements QueueTokenStateReader {
  private readonly redis: RedisWithTokenState;

  constructor(@Inject(REDIS) redis: Redis, @Inject(CLOCK) private readonly clock: Clock) {
    if (!('queueTokenState' in redis)) redis.defineCommand('queueTokenState', { numberOfKeys: 4, lua: QUEUE_TOKEN_STATE_SCRIPT });
    this.redis = redis as RedisWithTokenState;
  }

  async stateOf({ tokenId, userId, concertId }: { tokenId: string; userId: string; concertId: string }): Promise<QueueTokenState> {
    const state = await this.redis.queueTokenState(
      QueueTokenKeys.active(concertId),
      QueueTokenKeys.waiting(concertId),
      QueueTokenKeys.preQueue(concertId),
      QueueTokenKeys.token(concertId, tokenId),
      tokenId,
      this.clock.nowMs(),
      userId,
    );
    return isQueueTokenState(state) ? state : 'UNKNOWN';
  }
}

function isQueueTokenState(value: string): value is QueueTokenState {
  return value === 'ACTIVE' || value === 'WAITING' || value === 'EXPIRED' || value === 'UNKNOWN';
}
