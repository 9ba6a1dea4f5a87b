import type { Clock } from '../clock';

/**
 * The replicas of one service, taken in turn (round-robin). A replica that refused a connection
 * is skipped for a short cool-down so that, while it is down, requests do not keep paying a
 * failed connect before falling over to the next one. When every replica is cooling down they
 * are tried anyway (the cool-down is a hint, never a reason to refuse).
 */
export class UpstreamGroup<T> {
  private cursor = 0;
  private readonly downUntil: number[];

  constructor(
    readonly members: readonly T[],
    private readonly clock: Clock,
    private readonly coolDownMs = 1_000,
  ) {
    if (members.length === 0) throw new Error('An upstream group needs at least one member');
    this.downUntil = members.map(() => 0);
  }

  get size(): number {
    return this.members.length;
  }

  /** The next replica in turn, skipping `except` and replicas cooling down where possible. */
  next(except?: T): T {
    const count = this.members.length;
    const now = this.clock.nowMs();
    let fallback: number | undefined;
    for (let step = 0; step < count; step++) {
      const index = (this.cursor + step) % count;
      const member = this.members[index];
      if (member === except && count > 1) continue;
      if (this.downUntil[index] <= now) {
        this.cursor = (index + 1) % count;
        return member;
      }
      fallback ??= index;
    }
    const index = fallback ?? this.cursor % count;
    this.cursor = (index + 1) % count;
    return this.members[index];
  }

  /** Marks a replica as refusing connections for the cool-down period. */
  markDown(member: T): void {
    const index = this.members.indexOf(member);
    if (index >= 0) this.downUntil[index] = this.clock.nowMs() + this.coolDownMs;
  }
}
