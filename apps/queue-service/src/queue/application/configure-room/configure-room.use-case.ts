import { DomainError, ErrorCode } from '@concert/contracts';
import { Inject, Injectable } from '@nestjs/common';
import { AdmissionPolicy } from '../../domain/admission-policy';
import type { RoomChange, RoomState } from '../../domain/room';
import { CLOCK, type Clock } from '../ports/clock.port';
import { QUEUE_STORE, type QueueStore } from '../ports/queue-store.port';
import { RoomSetups } from '../room-setups';

/**
 * Changes a room's capacity, active window or opening while people wait. Each change takes effect
 * at the room's next step: a larger capacity admits the next waiting users at the next admission
 * round (or join, or purchase); a smaller one admits nobody until the active set is below it,
 * and evicts nobody; a new window applies to admissions from then on. The opening may move only
 * until the sale has opened (400 VALIDATION_FAILED after: the shuffle has run), and a room that
 * was open from the start cannot be scheduled once anyone has joined it.
 */
@Injectable()
export class ConfigureRoomUseCase {
  constructor(
    @Inject(QUEUE_STORE) private readonly store: QueueStore,
    @Inject(CLOCK) private readonly clock: Clock,
    private readonly setups: RoomSetups,
    private readonly policy: AdmissionPolicy,
  ) {}

  async execute(concertId: string, change: RoomChange, requestId?: string): Promise<RoomState> {
    const id = concertId.toLowerCase();
    const setup = await this.setups.of(id, requestId);
    const outcome = await this.store.configure(id, setup, change, this.policy.round(this.clock.now()));
    if (outcome === 'ALREADY_OPEN') {
      throw new DomainError(ErrorCode.VALIDATION_FAILED, 'saleOpensAt cannot change: the sale has already opened (or people joined a room that had no scheduled opening)');
    }
    return this.store.room(id, setup, this.policy.round(this.clock.now()));
  }
}
