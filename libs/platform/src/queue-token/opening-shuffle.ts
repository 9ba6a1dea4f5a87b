import { createHash, createHmac } from 'node:crypto';

/**
 * The sale opening's shuffle, verifiable by anyone (docs/waiting-queue.md, "A fair opening"):
 * - each room has a secret 32-byte seed; its commitment, SHA-256 of the seed's bytes, is public
 *   from the room's first step on (long before anyone is in its pre-queue);
 * - each pre-queue member is published as `member = SHA-256(token id)` (hex), so no user id and
 *   no usable token leaks;
 * - a member's shuffle key is the first 13 hex digits (52 bits) of SHA-256(`<seed hex>:<member>`),
 *   drawn at the join, secret until the opening (the seed is), independent of when anyone joined
 *   and of which instance ran anything;
 * - the opening orders the pre-queue by that key, ascending: a uniformly random permutation.
 * After the opening the seed and the ordered members are published; {@link verifyOpening}
 * recomputes the order and checks the commitment.
 */

/** The 52-bit key space: keys are exact integers in a double, and `key - KEY_SPACE` is below every arrival sequence (≥ 1). */
const KEY_SPACE = 2 ** 52;

/** The room's seed (hex): derived from the queue's secret and the concert, so every instance knows it without asking Redis. */
export function roomSeed(secret: string, concertId: string): string {
  return createHmac('sha256', secret).update(`room-seed:v1:${concertId.toLowerCase()}`).digest('hex');
}

/** SHA-256 of the seed's 32 bytes (hex): published before the opening. */
export function seedCommitment(seedHex: string): string {
  return createHash('sha256').update(Buffer.from(seedHex, 'hex')).digest('hex');
}

/** How a pre-queue member is published: SHA-256 of their token id (hex). */
export function memberOf(tokenId: string): string {
  return createHash('sha256').update(tokenId).digest('hex');
}

/** The member's shuffle key: an integer in [0, 2^52). */
export function shuffleKey(seedHex: string, member: string): number {
  return Number.parseInt(createHash('sha256').update(`${seedHex}:${member}`).digest('hex').slice(0, 13), 16);
}

/** The score a pre-queue member keeps in the waiting ZSET: negative, so every member is ahead of every later arrival. */
export function shuffleScore(seedHex: string, tokenId: string): number {
  return shuffleKey(seedHex, memberOf(tokenId)) - KEY_SPACE;
}

/** The opening's order of these members: by shuffle key, ascending. */
export function openingOrder(seedHex: string, members: readonly string[]): string[] {
  return members
    .map((member) => ({ member, key: shuffleKey(seedHex, member) }))
    .sort((a, b) => a.key - b.key || (a.member < b.member ? -1 : a.member > b.member ? 1 : 0))
    .map(({ member }) => member);
}

export interface OpeningProof {
  seedCommitment: string;
  seed: string;
  order: readonly string[];
}

/** What a check of a published opening finds: both must hold. */
export interface OpeningVerdict {
  /** SHA-256 of the published seed is the commitment published before the opening. */
  commitmentHolds: boolean;
  /** The published order is the members' order under that seed. */
  orderHolds: boolean;
}

export function verifyOpening(proof: OpeningProof): OpeningVerdict {
  const wellFormed = /^[0-9a-f]{64}$/.test(proof.seed);
  return {
    commitmentHolds: wellFormed && seedCommitment(proof.seed) === proof.seedCommitment,
    orderHolds: wellFormed && openingOrder(proof.seed, proof.order).every((member, index) => member === proof.order[index]),
  };
}
