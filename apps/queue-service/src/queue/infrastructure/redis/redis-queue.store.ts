import { Inject, Injectable } from '@nestjs/common';
import { REDIS } from '@concert/platform';
import type Redis from 'ioredis';
import type { ChainableCommander } from 'ioredis';
import type { AdmissionRound } from '../../domain/admission-policy';
import type { AdmissionBucket } from '../../domain/admission-rate-estimator';
import type { QueuePlace } from '../../domain/queue-place';
import type { Admission, AdmissionOutcome, ExpireCommand, ExpireOutcome, JoinCommand, JoinResult, QueueStore } from '../../application/ports/queue-store.port';
import { ADMIT_SCRIPT, EXPIRE_SCRIPT, JOIN_SCRIPT, PLACE_SCRIPT } from './queue-lua-scripts';
import { QueueRedisKeys } from './queue-redis-keys';

type ScriptArg = string | number;

/** The scripts, registered on the client with defineCommand (EVALSHA, EVAL on NOSCRIPT). */
interface QueueScriptCommands {
  queueJoin(...args: ScriptArg[]): Promise<unknown>;
  queuePlace(...args: ScriptArg[]): Promise<unknown>;
  queueAdmit(...args: ScriptArg[]): Promise<unknown>;
  queueExpire(...args: ScriptArg[]): Promise<unknown>;
}

interface QueuePipelineCommands {
  queuePlace(...args: ScriptArg[]): ChainableCommander;
}

/** The keys every script shares, first in KEYS (the client prefixes them). */
const COMMON_KEYS = [QueueRedisKeys.waiting, QueueRedisKeys.active, QueueRedisKeys.lastSeen, QueueRedisKeys.admissions, QueueRedisKeys.admittedTotal];

/** Raw place reply of the scripts: { status, position | -1, activeUntil | -1, userId, iat, concertId }. */
type PlaceReply = [string, number, number, string, number, string];

/** Raw admissions reply: { first admission number, { tokenId, waitedMs }... }. */
type AdmissionsReply = [number, Array<[string, number]>];

/** Largest pipeline of status reads sent at once. */
const PIPELINE_CHUNK = 1_000;

/**
 * The waiting room in Redis: every operation is one Lua script, so each is atomic and costs one
 * round trip: O(log N) in the queue length, plus at most a few batches (round.cleanupBatchSize)
 * of entries, whatever the queue's length (see queue-lua-scripts.ts, "Bounded steps").
 */
@Injectable()
export class RedisQueueStore implements QueueStore {
  private readonly scripts: QueueScriptCommands;
  private readonly prefix: string;

  constructor(@Inject(REDIS) private readonly redis: Redis) {
    redis.defineCommand('queueJoin', { numberOfKeys: COMMON_KEYS.length + 2, lua: JOIN_SCRIPT });
    redis.defineCommand('queuePlace', { numberOfKeys: COMMON_KEYS.length, lua: PLACE_SCRIPT });
    redis.defineCommand('queueAdmit', { numberOfKeys: COMMON_KEYS.length, lua: ADMIT_SCRIPT });
    redis.defineCommand('queueExpire', { numberOfKeys: COMMON_KEYS.length + 1, lua: EXPIRE_SCRIPT });
    this.scripts = redis as unknown as QueueScriptCommands;
    this.prefix = redis.options.keyPrefix ?? '';
  }

  async join(command: JoinCommand): Promise<JoinResult> {
    const reply = (await this.scripts.queueJoin(
      ...COMMON_KEYS,
      QueueRedisKeys.sequence,
      QueueRedisKeys.user(command.userId),
      ...this.commonArgs(command.round),
      command.tokenId,
      command.userId,
      command.issuedAtSeconds,
      command.concertId,
    )) as [number, string, PlaceReply, AdmissionsReply];
    const [created, tokenId, place, admissions] = reply;
    const parsed = toPlace(tokenId, place);
    if (!parsed) throw new Error(`queue join returned no place for token ${tokenId}`);
    return { created: created === 1, place: parsed, admitted: toAdmissions(admissions) };
  }

  async placeOf(tokenId: string, round: AdmissionRound): Promise<QueuePlace | null> {
    const reply = (await this.scripts.queuePlace(...COMMON_KEYS, ...this.commonArgs(round), tokenId)) as PlaceReply;
    return toPlace(tokenId, reply);
  }

  async placesOf(tokenIds: readonly string[], round: AdmissionRound): Promise<Array<QueuePlace | null>> {
    if (tokenIds.length === 1) return [await this.placeOf(tokenIds[0], round)];
    const places: Array<QueuePlace | null> = [];
    for (let start = 0; start < tokenIds.length; start += PIPELINE_CHUNK) {
      const chunk = tokenIds.slice(start, start + PIPELINE_CHUNK);
      const pipeline = this.redis.pipeline() as ChainableCommander & QueuePipelineCommands;
      for (const tokenId of chunk) pipeline.queuePlace(...COMMON_KEYS, ...this.commonArgs(round), tokenId);
      const results = (await pipeline.exec()) ?? [];
      chunk.forEach((tokenId, index) => {
        const [error, reply] = results[index] ?? [new Error('missing pipeline reply'), null];
        if (error) throw error;
        places.push(toPlace(tokenId, reply as PlaceReply));
      });
    }
    return places;
  }

  async admit(round: AdmissionRound): Promise<AdmissionOutcome> {
    const reply = (await this.scripts.queueAdmit(
      ...COMMON_KEYS,
      ...this.commonArgs(round),
      round.rateWindowStartSecond,
      round.quietGrowthMs,
      round.limitResetSeconds,
    )) as [number, number, number, number, AdmissionsReply, number[], number];
    const [expiredActive, evictedIdle, waitingCount, activeCount, admissions, flatHistory, capacity] = reply;
    const admissionHistory: AdmissionBucket[] = [];
    for (let index = 0; index + 1 < flatHistory.length; index += 2) {
      admissionHistory.push({ second: Number(flatHistory[index]), count: Number(flatHistory[index + 1]) });
    }
    return { expiredActive, evictedIdle, waitingCount, activeCount, capacity: Number(capacity), admitted: toAdmissions(admissions), admissionHistory };
  }

  async expire(command: ExpireCommand): Promise<ExpireOutcome> {
    const adjustment = command.limitAdjustment;
    const [result, tokenId, admissions, capacity] = (await this.scripts.queueExpire(
      ...COMMON_KEYS,
      QueueRedisKeys.user(command.userId),
      ...this.commonArgs(command.round),
      command.tokenId ?? '',
      command.userId,
      command.notJoinedAfterMs,
      command.reason,
      ...(adjustment
        ? [
            adjustment.latencyMs,
            adjustment.targetMs,
            adjustment.minLimit,
            adjustment.minDecreaseFactor,
            adjustment.maxDecreaseFactor,
            adjustment.decreaseIntervalMs,
            adjustment.idleResetSeconds,
          ]
        : ['']),
    )) as [string, string, AdmissionsReply, number];
    switch (result) {
      case 'EXPIRED':
        return { result, tokenId, admitted: toAdmissions(admissions), capacity: Number(capacity) };
      case 'ALREADY_EXPIRED':
        return { result, tokenId };
      case 'UNKNOWN_TOKEN':
      case 'OTHER_USER':
      case 'NO_LIVE_TOKEN':
      case 'ISSUED_AFTER':
        return { result, tokenId: tokenId === '' ? null : tokenId };
      default:
        throw new Error(`queue expire returned ${result}`);
    }
  }

  private commonArgs(round: AdmissionRound): ScriptArg[] {
    return [
      this.prefix,
      round.nowMs,
      round.retentionSeconds,
      round.maxCapacity,
      round.activeUntilMs,
      round.idleCutoffMs,
      round.openingCapacity,
      round.idleRetentionSeconds,
      round.cleanupBatchSize,
    ];
  }
}

function toAdmissions([first, list]: AdmissionsReply): Admission[] {
  return list.map(([tokenId, waitedMs], index) => ({ tokenId, waitedMs: Number(waitedMs), admissionNo: Number(first) + index }));
}

function toPlace(tokenId: string, reply: PlaceReply): QueuePlace | null {
  const [status, position, activeUntil, userId, iat, concertId] = reply;
  if (status === 'UNKNOWN') return null;
  if (status !== 'WAITING' && status !== 'ACTIVE' && status !== 'EXPIRED') throw new Error(`unexpected queue status ${status}`);
  return {
    tokenId,
    userId,
    concertId: concertId || null,
    issuedAtSeconds: Number(iat),
    status,
    position: status === 'WAITING' ? Number(position) : null,
    activeUntilMs: status === 'ACTIVE' ? Number(activeUntil) : null,
  };
}
