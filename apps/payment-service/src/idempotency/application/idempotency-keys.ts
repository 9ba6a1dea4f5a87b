import { Inject, Injectable } from '@nestjs/common';
import { DomainError, ErrorCode } from '@concert/contracts';
import { CLOCK, type Clock } from '../../shared/domain/clock';
import { ID_GENERATOR, type IdGenerator } from '../../shared/domain/id-generator';
import { UNIT_OF_WORK, type Repositories, type UnitOfWork } from '../../shared/application/unit-of-work';
import {
  decideOnExistingKey,
  type IdempotencyPolicy,
  type IdempotencyRecord,
  type IdempotencyScope,
  type StoredResponse,
} from '../domain/idempotency-record';
import { requestHashOf } from './request-hash';

/** A request carrying an Idempotency-Key: its scope and the canonical request whose hash must match. */
export interface IdempotentRequest {
  scope: IdempotencyScope;
  request: unknown;
}

/** Proof that this attempt owns the key; needed to complete or release it. */
export interface IdempotencyLease {
  scope: IdempotencyScope;
  ownerId: string;
}

export type IdempotencyClaim =
  | { kind: 'REPLAY'; response: StoredResponse }
  /** Run the request. `lease` is null when the request carried no key. */
  | { kind: 'PROCEED'; lease: IdempotencyLease | null };

export const IDEMPOTENCY_POLICY = Symbol('IdempotencyPolicy');

/** Claims racing for one key give up after this many rounds (each round is a lost race). */
const MAX_CLAIM_ROUNDS = 5;

/**
 * Idempotency-Key protocol (API.md):
 * 1. claim: insert the key IN_PROGRESS in its own short statement (committed before the work),
 *    or decide from the stored key: replay a completed result, 422 for another request under the
 *    key, 409 while another attempt runs, take over a key that expired or whose attempt died;
 * 2. complete: inside the transaction of the effect, mark the key COMPLETED with the response —
 *    the effect and its record commit together, and only the owner of the claim can complete;
 * 3. release: when the request fails, delete the claim so a retry runs again.
 * A crash between 1 and 2 leaves an IN_PROGRESS key without effect; after `staleAfterMs` a retry
 * takes it over.
 */
@Injectable()
export class IdempotencyKeys {
  constructor(
    @Inject(UNIT_OF_WORK) private readonly unitOfWork: UnitOfWork,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(ID_GENERATOR) private readonly ids: IdGenerator,
    @Inject(IDEMPOTENCY_POLICY) private readonly policy: IdempotencyPolicy,
  ) {}

  async claim(request: IdempotentRequest | undefined): Promise<IdempotencyClaim> {
    if (!request) return { kind: 'PROCEED', lease: null };
    const keys = this.unitOfWork.direct.idempotencyKeys;
    const requestHash = requestHashOf(request.request);
    for (let round = 0; round < MAX_CLAIM_ROUNDS; round++) {
      const now = this.clock.now();
      const claim: IdempotencyRecord = {
        ...request.scope,
        requestHash,
        ownerId: this.ids.newId(),
        lockedAt: now,
        expiresAt: new Date(now.getTime() + this.policy.ttlMs),
        status: 'IN_PROGRESS',
        response: null,
      };
      if (await keys.tryInsert(claim)) return { kind: 'PROCEED', lease: { scope: request.scope, ownerId: claim.ownerId } };
      const stored = await keys.find(request.scope);
      if (!stored) continue; // released between our insert and our read: try again
      const decision = decideOnExistingKey(stored, requestHash, now, this.policy);
      switch (decision.kind) {
        case 'REPLAY':
          return { kind: 'REPLAY', response: decision.response };
        case 'REUSED':
          throw new DomainError(ErrorCode.IDEMPOTENCY_KEY_REUSED, 'This Idempotency-Key was used with a different request');
        case 'IN_PROGRESS':
          throw inProgress();
        case 'TAKE_OVER':
          if (await keys.replace(stored, claim)) return { kind: 'PROCEED', lease: { scope: request.scope, ownerId: claim.ownerId } };
          continue; // another attempt changed the key first: look again
      }
    }
    throw inProgress();
  }

  /**
   * Records the response inside the transaction of the effect. Rejects (rolling the effect back)
   * when this attempt no longer owns the key: another attempt took it over and runs the request.
   */
  async complete(tx: Repositories, lease: IdempotencyLease | null, response: StoredResponse): Promise<void> {
    if (!lease) return;
    if (!(await tx.idempotencyKeys.complete(lease.scope, lease.ownerId, response))) throw inProgress();
  }

  /** Frees the key after a failed request. Does nothing once the key was completed. */
  async release(lease: IdempotencyLease | null): Promise<void> {
    if (!lease) return;
    await this.unitOfWork.direct.idempotencyKeys.release(lease.scope, lease.ownerId);
  }

  /**
   * Runs `attempt` under a claim and frees the claim if it fails. `attempt` must call
   * {@link complete} inside the transaction of its effect.
   */
  async run<T>(
    request: IdempotentRequest | undefined,
    attempt: (lease: IdempotencyLease | null) => Promise<T>,
  ): Promise<{ kind: 'REPLAY'; response: StoredResponse } | { kind: 'DONE'; result: T }> {
    const claim = await this.claim(request);
    if (claim.kind === 'REPLAY') return claim;
    try {
      return { kind: 'DONE', result: await attempt(claim.lease) };
    } catch (error) {
      // If even the release fails, the claim goes stale and a retry takes it over later.
      await this.release(claim.lease).catch(() => undefined);
      throw error;
    }
  }
}

function inProgress(): DomainError {
  return new DomainError(ErrorCode.IDEMPOTENCY_KEY_IN_PROGRESS, 'A request with this Idempotency-Key is still being processed');
}
