/**
 * A concert's waiting room as the concert was created with it: each setting null for the
 * configuration's default. The seed is the room's secret until the opening; its commitment is
 * public from the start.
 */
export interface RoomSetup {
  maxActiveUsers: number | null;
  activeSeconds: number | null;
  saleOpensAtMs: number | null;
  seed: string;
  seedCommitment: string;
}

/** A change of a room's settings (PATCH); undefined leaves a setting as it is. */
export interface RoomChange {
  maxActiveUsers?: number;
  activeSeconds?: number;
  saleOpensAtMs?: number;
}

/** The room as its operator watches it, and what the fairness proof publishes. */
export interface RoomState {
  concertId: string;
  maxActiveUsers: number;
  activeSeconds: number;
  saleOpensAtMs: number | null;
  openedAtMs: number | null;
  preQueue: number;
  waiting: number;
  active: number;
  admittedLastMinute: number;
  /** The active set's capacity now: maxActiveUsers, or the adaptive limit below it. */
  capacity: number;
  seedCommitment: string;
  /** Published once the sale has opened; null before. */
  seed: string | null;
}
