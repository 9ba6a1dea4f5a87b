import { AdmissionRateEstimator } from './admission-rate-estimator';
import type { Clock } from './clock';

export interface RoomRateEstimatorsOptions {
  windowSeconds: number;
  /** The floor of a room not seen by an admission round yet (the configuration's defaults). */
  defaultFloorPerSecond: number;
  /** Rooms remembered at once (the least recently observed go first). */
  maxRooms: number;
}

/**
 * One admission-rate estimator per room, each fed only by that room's admission rounds: a
 * room's wait estimate follows its own pace, never another room's crowd.
 */
export class RoomRateEstimators {
  private readonly rooms = new Map<string, AdmissionRateEstimator>();

  constructor(
    private readonly clock: Clock,
    private readonly options: RoomRateEstimatorsOptions,
  ) {}

  /** The room's estimator (a fresh one, at the default floor, for a room no round has reported yet). */
  of(concertId: string): AdmissionRateEstimator {
    return this.rooms.get(concertId) ?? new AdmissionRateEstimator(this.clock, { windowSeconds: this.options.windowSeconds, floorPerSecond: this.options.defaultFloorPerSecond });
  }

  /** A round's report of the room: its admission history and the floor its own settings guarantee. */
  observe(concertId: string, history: Parameters<AdmissionRateEstimator['observe']>[0], floorPerSecond: number): void {
    const estimator = new AdmissionRateEstimator(this.clock, { windowSeconds: this.options.windowSeconds, floorPerSecond });
    estimator.observe(history);
    this.rooms.delete(concertId);
    this.rooms.set(concertId, estimator);
    if (this.rooms.size > this.options.maxRooms) {
      const oldest = this.rooms.keys().next().value;
      if (oldest !== undefined) this.rooms.delete(oldest);
    }
  }
}
