import { Inject, Injectable } from '@nestjs/common';
import { AdmissionPolicy } from '../../domain/admission-policy';
import type { RoomState } from '../../domain/room';
import { CLOCK, type Clock } from '../ports/clock.port';
import { QUEUE_STORE, type QueueStore } from '../ports/queue-store.port';
import { RoomSetups } from '../room-setups';

/**
 * A concert's room as its operator watches it: settings, pre-queue, waiting, active, admitted in
 * the last minute (404 CONCERT_NOT_FOUND for an unknown concert). A room nobody has used yet is
 * set up by the read, so its seed commitment exists from the first look on.
 */
@Injectable()
export class ViewRoomUseCase {
  constructor(
    @Inject(QUEUE_STORE) private readonly store: QueueStore,
    @Inject(CLOCK) private readonly clock: Clock,
    private readonly setups: RoomSetups,
    private readonly policy: AdmissionPolicy,
  ) {}

  async execute(concertId: string, requestId?: string): Promise<RoomState> {
    const id = concertId.toLowerCase();
    const setup = await this.setups.of(id, requestId);
    return this.store.room(id, setup, this.policy.round(this.clock.now()));
  }
}
