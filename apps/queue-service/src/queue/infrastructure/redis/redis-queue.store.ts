import { Inject, Injectable } from '@nestjs/common';
import { REDIS } from '@concert/platform';
import type Redis from 'ioredis';
import type { ChainableCommander } from 'ioredis';
import type { AdmissionRound } from '../../domain/admission-policy';
import type { AdmissionBucket } from '../../domain/admission-rate-estimator';
import type { QueuePlace, TokenRef } from '../../domain/queue-place';
import type { RoomChange, RoomSetup, RoomState } from '../../domain/room';
import type {
  Admission,
  AdmissionOutcome,
  ConfigureOutcome,
  ExpireCommand,
  ExpireOutcome,
  JoinCommand,
  JoinResult,
  QueueStore,
} from '../../application/ports/queue-store.port';
import { ADMIT_SCRIPT, CONFIGURE_SCRIPT, EXPIRE_SCRIPT, FORGET_ROOM_SCRIPT, JOIN_SCRIPT, PLACE_SCRIPT, ROOM_SCRIPT } from './queue-lua-scripts';
import { QueueRedisKeys, roomKeys } from './queue-redis-keys';

type ScriptArg = string | number;

/** The scripts, registered on the client with defineCommand (EVALSHA, EVAL on NOSCRIPT). */
interface QueueScriptCommands {
  queueJoin(...args: ScriptArg[]): Promise<unknown>;
  queuePlace(...args: ScriptArg[]): Promise<unknown>;
  queueExpire(...args: ScriptArg[]): Promise<unknown>;
  queueRoom(...args: ScriptArg[]): Promise<unknown>;
  queueConfigure(...args: ScriptArg[]): Promise<unknown>;
  queueForgetRoom(...args: ScriptArg[]): Promise<unknown>;
}

interface QueuePipelineCommands {
  queuePlace(...args: ScriptArg[]): ChainableCommander;
  queueAdmit(...args: ScriptArg[]): ChainableCommander;
  queueJoin(...args: ScriptArg[]): ChainableCommander;
}

const ROOM_KEY_COUNT = roomKeys('').length;

/** Raw place reply of the scripts: { status, position | pre-queue size | -1, activeUntil | opensAt | -1, userId, iat, concertId }. */
type PlaceReply = [string, number, number, string, number, string];

/** Raw admissions reply: { first admission number, { tokenId, waitedMs }... }. */
type AdmissionsReply = [number, Array<[string, number]>];

type AdmitReply = [number, number, number, number, AdmissionsReply, number[], number, number, number, number];

/** Largest pipeline of scripts sent at once. */
const PIPELINE_CHUNK = 1_000;

/**
 * The waiting rooms in Redis: every operation on a room is one Lua script over the room's keys
 * (one hash tag, so one slot), atomic and one round trip: O(log N) in the queue's length, plus at
 * most a few batches (round.cleanupBatchSize) of entries, whatever the length (see
 * queue-lua-scripts.ts, "Bounded steps").
 */
@Injectable()
export class RedisQueueStore implements QueueStore {
  private readonly scripts: QueueScriptCommands;
  private readonly prefix: string;

  constructor(@Inject(REDIS) private readonly redis: Redis) {
    redis.defineCommand('queueJoin', { numberOfKeys: ROOM_KEY_COUNT + 2, lua: JOIN_SCRIPT });
    redis.defineCommand('queuePlace', { numberOfKeys: ROOM_KEY_COUNT, lua: PLACE_SCRIPT });
    redis.defineCommand('queueAdmit', { numberOfKeys: ROOM_KEY_COUNT, lua: ADMIT_SCRIPT });
    redis.defineCommand('queueExpire', { numberOfKeys: ROOM_KEY_COUNT + 1, lua: EXPIRE_SCRIPT });
    redis.defineCommand('queueRoom', { numberOfKeys: ROOM_KEY_COUNT, lua: ROOM_SCRIPT });
    redis.defineCommand('queueConfigure', { numberOfKeys: ROOM_KEY_COUNT, lua: CONFIGURE_SCRIPT });
    redis.defineCommand('queueForgetRoom', { numberOfKeys: 1, lua: FORGET_ROOM_SCRIPT });
    this.scripts = redis as unknown as QueueScriptCommands;
    this.prefix = redis.options.keyPrefix ?? '';
  }

  async join(command: JoinCommand): Promise<JoinResult> {
    const { concertId } = command;
    // The room is registered for admission rounds just before its step, in the same round trip.
    const pipeline = this.redis.pipeline().zadd(QueueRedisKeys.rooms, command.round.nowMs, concertId) as ChainableCommander & QueuePipelineCommands;
    pipeline.queueJoin(
      ...roomKeys(concertId),
      QueueRedisKeys.sequence(concertId),
      QueueRedisKeys.user(concertId, command.userId),
      ...this.commonArgs(concertId, command.round),
      ...setupArgs(command.setup),
      command.tokenId,
      command.userId,
      command.issuedAtSeconds,
      concertId,
      command.shuffleScore,
    );
    const results = (await pipeline.exec()) ?? [];
    const [error, reply] = results[1] ?? [new Error('missing pipeline reply'), null];
    if (error) throw error;
    const [created, tokenId, place, admissions] = reply as [number, string, PlaceReply, AdmissionsReply];
    const parsed = toPlace(tokenId, place);
    if (!parsed) throw new Error(`queue join returned no place for token ${tokenId}`);
    return { created: created === 1, place: parsed, admitted: toAdmissions(admissions) };
  }

  async placeOf(token: TokenRef, round: AdmissionRound): Promise<QueuePlace | null> {
    const reply = (await this.scripts.queuePlace(...roomKeys(token.concertId), ...this.commonArgs(token.concertId, round), token.tokenId)) as PlaceReply;
    return toPlace(token.tokenId, reply);
  }

  async placesOf(tokens: readonly TokenRef[], round: AdmissionRound): Promise<Array<QueuePlace | null>> {
    if (tokens.length === 1) return [await this.placeOf(tokens[0], round)];
    const places: Array<QueuePlace | null> = [];
    for (let start = 0; start < tokens.length; start += PIPELINE_CHUNK) {
      const chunk = tokens.slice(start, start + PIPELINE_CHUNK);
      const pipeline = this.redis.pipeline() as ChainableCommander & QueuePipelineCommands;
      for (const token of chunk) pipeline.queuePlace(...roomKeys(token.concertId), ...this.commonArgs(token.concertId, round), token.tokenId);
      const results = (await pipeline.exec()) ?? [];
      chunk.forEach((token, index) => {
        const [error, reply] = results[index] ?? [new Error('missing pipeline reply'), null];
        if (error) throw error;
        places.push(toPlace(token.tokenId, reply as PlaceReply));
      });
    }
    return places;
  }

  async rooms(): Promise<string[]> {
    return this.redis.zrange(QueueRedisKeys.rooms, 0, -1);
  }

  async admit(concertIds: readonly string[], round: AdmissionRound): Promise<AdmissionOutcome[]> {
    const outcomes: AdmissionOutcome[] = [];
    for (let start = 0; start < concertIds.length; start += PIPELINE_CHUNK) {
      const chunk = concertIds.slice(start, start + PIPELINE_CHUNK);
      const pipeline = this.redis.pipeline() as ChainableCommander & QueuePipelineCommands;
      for (const concertId of chunk) {
        pipeline.queueAdmit(...roomKeys(concertId), ...this.commonArgs(concertId, round), round.rateWindowStartSecond, round.quietGrowthMs, round.limitResetSeconds);
      }
      const results = (await pipeline.exec()) ?? [];
      chunk.forEach((concertId, index) => {
        const [error, reply] = results[index] ?? [new Error('missing pipeline reply'), null];
        if (error) throw error;
        outcomes.push(toAdmissionOutcome(concertId, reply as AdmitReply));
      });
    }
    return outcomes;
  }

  async forgetRoom(concertId: string, cutoffMs: number): Promise<boolean> {
    return (await this.scripts.queueForgetRoom(QueueRedisKeys.rooms, concertId, cutoffMs)) === 1;
  }

  async expire(command: ExpireCommand): Promise<ExpireOutcome> {
    const adjustment = command.limitAdjustment;
    const [result, tokenId, admissions, capacity] = (await this.scripts.queueExpire(
      ...roomKeys(command.concertId),
      QueueRedisKeys.user(command.concertId, command.userId),
      ...this.commonArgs(command.concertId, command.round),
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

  async room(concertId: string, setup: RoomSetup, round: AdmissionRound): Promise<RoomState> {
    const [maxActiveUsers, activeSeconds, saleOpensAt, openedAt, preQueue, waiting, active, admittedLastMinute, commitment, seed, capacity] = (await this.scripts.queueRoom(
      ...roomKeys(concertId),
      ...this.commonArgs(concertId, round),
      ...setupArgs(setup),
    )) as [number, number, string | number, string | number, number, number, number, number, string, string, number];
    return {
      concertId,
      maxActiveUsers: Number(maxActiveUsers),
      activeSeconds: Number(activeSeconds),
      saleOpensAtMs: saleOpensAt === '' ? null : Number(saleOpensAt),
      openedAtMs: openedAt === '' ? null : Number(openedAt),
      preQueue: Number(preQueue),
      waiting: Number(waiting),
      active: Number(active),
      admittedLastMinute: Number(admittedLastMinute),
      capacity: Number(capacity),
      seedCommitment: commitment,
      seed: seed === '' ? null : seed,
    };
  }

  async configure(concertId: string, setup: RoomSetup, change: RoomChange, round: AdmissionRound): Promise<ConfigureOutcome> {
    const outcome = (await this.scripts.queueConfigure(
      ...roomKeys(concertId),
      ...this.commonArgs(concertId, round),
      ...setupArgs(setup),
      change.maxActiveUsers ?? '',
      change.activeSeconds ?? '',
      change.saleOpensAtMs ?? '',
    )) as string;
    if (outcome !== 'OK' && outcome !== 'ALREADY_OPEN') throw new Error(`queue configure returned ${outcome}`);
    return outcome;
  }

  async openingOrder(concertId: string): Promise<string[]> {
    return this.redis.zrange(QueueRedisKeys.opening(concertId), 0, -1);
  }

  private commonArgs(concertId: string, round: AdmissionRound): ScriptArg[] {
    return [
      `${this.prefix}${QueueRedisKeys.room(concertId)}`,
      round.nowMs,
      round.retentionSeconds,
      round.defaultMaxActiveUsers,
      round.defaultActiveSeconds,
      round.idleCutoffMs,
      round.adaptiveOpeningSize,
      round.idleRetentionSeconds,
      round.cleanupBatchSize,
    ];
  }
}

function setupArgs(setup: RoomSetup): ScriptArg[] {
  return [setup.maxActiveUsers ?? '', setup.activeSeconds ?? '', setup.saleOpensAtMs ?? '', setup.seed, setup.seedCommitment];
}

function toAdmissionOutcome(concertId: string, reply: AdmitReply): AdmissionOutcome {
  const [expiredActive, evictedIdle, waitingCount, activeCount, admissions, flatHistory, capacity, preQueueCount, maxActiveUsers, activeSeconds] = reply;
  const admissionHistory: AdmissionBucket[] = [];
  for (let index = 0; index + 1 < flatHistory.length; index += 2) {
    admissionHistory.push({ second: Number(flatHistory[index]), count: Number(flatHistory[index + 1]) });
  }
  return {
    concertId,
    expiredActive,
    evictedIdle,
    waitingCount,
    activeCount,
    preQueueCount: Number(preQueueCount),
    capacity: Number(capacity),
    maxActiveUsers: Number(maxActiveUsers),
    activeSeconds: Number(activeSeconds),
    admitted: toAdmissions(admissions),
    admissionHistory,
  };
}

function toAdmissions([first, list]: AdmissionsReply): Admission[] {
  return list.map(([tokenId, waitedMs], index) => ({ tokenId, waitedMs: Number(waitedMs), admissionNo: Number(first) + index }));
}

function toPlace(tokenId: string, reply: PlaceReply): QueuePlace | null {
  const [status, position, activeUntil, userId, iat, concertId] = reply;
  if (status === 'UNKNOWN') return null;
  if (status !== 'PRE_QUEUE' && status !== 'WAITING' && status !== 'ACTIVE' && status !== 'EXPIRED') throw new Error(`unexpected queue status ${status}`);
  return {
    tokenId,
    userId,
    concertId,
    issuedAtSeconds: Number(iat),
    status,
    position: status === 'WAITING' ? Number(position) : null,
    activeUntilMs: status === 'ACTIVE' ? Number(activeUntil) : null,
    opensAtMs: status === 'PRE_QUEUE' ? Number(activeUntil) : null,
    preQueueSize: status === 'PRE_QUEUE' ? Number(position) : null,
  };
}
