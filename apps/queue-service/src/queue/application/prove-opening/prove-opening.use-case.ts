import { memberOf } from '@concert/platform';
import { Inject, Injectable } from '@nestjs/common';
import { AdmissionPolicy } from '../../domain/admission-policy';
import { CLOCK, type Clock } from '../ports/clock.port';
import { QUEUE_STORE, type QueueStore } from '../ports/queue-store.port';
import { RoomSetups } from '../room-setups';

export interface OpeningProofView {
  saleOpensAtMs: number | null;
  seedCommitment: string | null;
  seed: string | null;
  /** The pre-queue in its shuffled order, each member as SHA-256 of their token id. */
  order: string[] | null;
  openedAtMs: number | null;
}

/** Openings whose order is kept in memory (the order never changes once published). */
const REMEMBERED_OPENINGS = 100;

/**
 * The public proof of a room's opening (GET /concerts/{id}/waiting-room/fairness): before the
 * opening its seed commitment; after it, the seed and the pre-queue in its shuffled order, each
 * member hashed, so anyone can recompute the order (npm run verify-opening). Nulls throughout for
 * a room with no scheduled opening.
 */
@Injectable()
export class ProveOpeningUseCase {
  private readonly orders = new Map<string, string[]>();

  constructor(
    @Inject(QUEUE_STORE) private readonly store: QueueStore,
    @Inject(CLOCK) private readonly clock: Clock,
    private readonly setups: RoomSetups,
    private readonly policy: AdmissionPolicy,
  ) {}

  async execute(concertId: string, requestId?: string): Promise<OpeningProofView> {
    const id = concertId.toLowerCase();
    const setup = await this.setups.of(id, requestId);
    const room = await this.store.room(id, setup, this.policy.round(this.clock.now()));
    if (room.saleOpensAtMs === null) return { saleOpensAtMs: null, seedCommitment: null, seed: null, order: null, openedAtMs: null };
    if (room.openedAtMs === null || room.seed === null) {
      return { saleOpensAtMs: room.saleOpensAtMs, seedCommitment: room.seedCommitment, seed: null, order: null, openedAtMs: null };
    }
    return { saleOpensAtMs: room.saleOpensAtMs, seedCommitment: room.seedCommitment, seed: room.seed, order: await this.orderOf(id), openedAtMs: room.openedAtMs };
  }

  private async orderOf(concertId: string): Promise<string[]> {
    const known = this.orders.get(concertId);
    if (known) return known;
    const order = (await this.store.openingOrder(concertId)).map(memberOf);
    if (this.orders.size >= REMEMBERED_OPENINGS) this.orders.clear();
    this.orders.set(concertId, order);
    return order;
  }
}
