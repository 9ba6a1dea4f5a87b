import { DomainError, ErrorCode } from '@concert/contracts';
import { roomSeed, seedCommitment } from '@concert/platform';
import { Inject, Injectable } from '@nestjs/common';
import type { RoomSetup } from '../domain/room';
import { CONCERT_DIRECTORY, type ConcertDirectory } from './ports/concert-directory.port';

/** The secret rooms' seeds derive from (the queue's first token secret). */
export const ROOM_SEED_SECRET = Symbol('ROOM_SEED_SECRET');

/**
 * What a room is set up with at its first step: the concert's own settings from its creation
 * (404 CONCERT_NOT_FOUND for a concert that does not exist) and the room's seed, derived from the
 * queue's secret so that every instance draws the same shuffle keys without asking Redis.
 */
@Injectable()
export class RoomSetups {
  private readonly seeds = new Map<string, { seed: string; seedCommitment: string }>();

  constructor(
    @Inject(CONCERT_DIRECTORY) private readonly concerts: ConcertDirectory,
    @Inject(ROOM_SEED_SECRET) private readonly secret: string,
  ) {}

  async of(concertId: string, requestId?: string): Promise<RoomSetup> {
    const defaults = await this.concerts.find(concertId, requestId);
    if (!defaults) throw new DomainError(ErrorCode.CONCERT_NOT_FOUND, `Concert ${concertId} does not exist`);
    return { ...defaults, ...this.seedOf(concertId) };
  }

  seedOf(concertId: string): { seed: string; seedCommitment: string } {
    let known = this.seeds.get(concertId);
    if (!known) {
      const seed = roomSeed(this.secret, concertId);
      known = { seed, seedCommitment: seedCommitment(seed) };
      if (this.seeds.size >= 10_000) this.seeds.clear();
      this.seeds.set(concertId, known);
    }
    return known;
  }
}
