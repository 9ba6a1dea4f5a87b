import { randomUUID } from 'node:crypto';
import { memberOf, openingOrder, roomSeed, seedCommitment, shuffleKey, shuffleScore, verifyOpening } from './opening-shuffle';

describe('the opening shuffle and its proof', () => {
  const concertId = '0192f1a4-7c3e-7b21-9d4f-2a6b8c0e1f35';
  const seed = roomSeed('a-secret', concertId);
  const members = Array.from({ length: 50 }, () => memberOf(randomUUID()));
  const order = openingOrder(seed, members);
  const proof = { seedCommitment: seedCommitment(seed), seed, order };

  function flipBit(hex: string, bit: number): string {
    const index = Math.floor(bit / 4);
    const flipped = (Number.parseInt(hex[index] ?? '0', 16) ^ (1 << bit % 4)).toString(16);
    return `${hex.slice(0, index)}${flipped}${hex.slice(index + 1)}`;
  }

  it('derives one 32-byte seed per room and secret, the same in every instance, and commits to it with SHA-256', () => {
    expect(seed).toMatch(/^[0-9a-f]{64}$/);
    expect(roomSeed('a-secret', concertId.toUpperCase())).toBe(seed);
    expect(roomSeed('a-secret', randomUUID())).not.toBe(seed);
    expect(roomSeed('another-secret', concertId)).not.toBe(seed);
    expect(seedCommitment(seed)).toMatch(/^[0-9a-f]{64}$/);
    expect(seedCommitment(seed)).not.toBe(seed);
  });

  it('gives every pre-queue member a score below every arrival sequence (1, 2, …), exact in a double', () => {
    for (let index = 0; index < 200; index++) {
      const tokenId = randomUUID();
      const score = shuffleScore(seed, tokenId);
      expect(score).toBeLessThan(0);
      expect(score).toBeGreaterThanOrEqual(-(2 ** 52));
      expect(Number.isSafeInteger(score)).toBe(true);
      expect(score + 2 ** 52).toBe(shuffleKey(seed, memberOf(tokenId)));
    }
  });

  it('orders by shuffle key whatever order the members are given in', () => {
    expect(openingOrder(seed, [...members].reverse())).toEqual(order);
    expect(order).not.toEqual(members);
    expect(new Set(order)).toEqual(new Set(members));
  });

  it('verifies a genuine proof', () => {
    expect(verifyOpening(proof)).toEqual({ commitmentHolds: true, orderHolds: true });
  });

  it.each([0, 1, 77, 255])('fails when bit %i of the seed is flipped', (bit) => {
    const verdict = verifyOpening({ ...proof, seed: flipBit(seed, bit) });
    expect(verdict.commitmentHolds).toBe(false);
    expect(verdict.orderHolds).toBe(false);
  });

  it('fails when one bit of one member of the list is flipped, or two members are swapped', () => {
    const changed = [...order];
    changed[10] = flipBit(changed[10] ?? '', 3);
    // A changed member sorts elsewhere (or, by a 1-in-50 chance, to the same place: then a second change is made).
    const verdict = verifyOpening({ ...proof, order: changed });
    const swapped = [...order];
    [swapped[3], swapped[4]] = [swapped[4] ?? '', swapped[3] ?? ''];
    expect(verifyOpening({ ...proof, order: swapped })).toEqual({ commitmentHolds: true, orderHolds: false });
    if (verdict.orderHolds) {
      changed[20] = flipBit(changed[20] ?? '', 0);
      expect(verifyOpening({ ...proof, order: changed }).orderHolds).toBe(false);
    } else {
      expect(verdict).toEqual({ commitmentHolds: true, orderHolds: false });
    }
  });

  it('refuses a malformed seed rather than throw', () => {
    expect(verifyOpening({ ...proof, seed: 'zz' })).toEqual({ commitmentHolds: false, orderHolds: false });
  });
});
