import { DomainError, ErrorCode } from '@concert/contracts';
import { ManualClock } from '../../testing/in-memory-unit-of-work.fixture';
import { ReservationReplica, type ReservationReplicaProps, type ReservationSnapshot } from './reservation-replica';

const OWNER = '11111111-1111-4111-8111-111111111111';
const OTHER = '22222222-2222-4222-8222-222222222222';
const CONCERT = '44444444-4444-4444-8444-444444444444';
const clock = new ManualClock(new Date('2030-01-01T00:00:00.000Z'));

function replica(overrides: Partial<ReservationReplicaProps> = {}): ReservationReplica {
  return ReservationReplica.restore({
    id: 'r-1',
    userId: OWNER,
    concertId: CONCERT,
    amount: 80_000,
    expiresAt: new Date(clock.now().getTime() + 60_000),
    status: 'HELD',
    version: 1,
    ...overrides,
  });
}

function codeOf(fn: () => unknown): ErrorCode | undefined {
  try {
    fn();
    return undefined;
  } catch (error) {
    return error instanceof DomainError ? error.code : undefined;
  }
}

describe('ReservationReplica.assertPayableBy', () => {
  it('lets the owner pay a live hold and names the price', () => {
    expect(replica().assertPayableBy(OWNER, clock.now())).toEqual({ amount: 80_000 });
  });

  it('refuses another user (403) before looking at the state', () => {
    expect(codeOf(() => replica({ status: 'EXPIRED' }).assertPayableBy(OTHER, clock.now()))).toBe(ErrorCode.RESERVATION_NOT_OWNED);
  });

  it.each([
    ['PAID', ErrorCode.RESERVATION_ALREADY_PAID],
    ['CONFIRMED', ErrorCode.RESERVATION_ALREADY_PAID],
    ['EXPIRED', ErrorCode.RESERVATION_EXPIRED],
    ['CANCELLED', ErrorCode.RESERVATION_EXPIRED],
  ] as const)('refuses a %s reservation with %s', (status, code) => {
    expect(codeOf(() => replica({ status }).assertPayableBy(OWNER, clock.now()))).toBe(code);
  });

  it('treats a hold as expired from its expiresAt on (the sweep may not have run yet)', () => {
    const expiresAt = new Date('2030-01-01T00:05:00.000Z');
    const sut = replica({ expiresAt });
    expect(sut.assertPayableBy(OWNER, new Date(expiresAt.getTime() - 1))).toEqual({ amount: 80_000 });
    expect(codeOf(() => sut.assertPayableBy(OWNER, expiresAt))).toBe(ErrorCode.RESERVATION_EXPIRED);
    expect(codeOf(() => sut.assertPayableBy(OWNER, new Date(expiresAt.getTime() + 1)))).toBe(ErrorCode.RESERVATION_EXPIRED);
  });

  it('marks a paid reservation PAID, keeping the rest', () => {
    const paid = replica().markPaid();
    expect(paid.status).toBe('PAID');
    expect(paid.version).toBe(1);
    expect(paid.amount).toBe(80_000);
  });
});

describe('ReservationReplica.observe', () => {
  const snapshot = (overrides: Partial<ReservationSnapshot>): ReservationSnapshot => ({
    reservationId: 'r-1',
    userId: OWNER,
    concertId: CONCERT,
    status: 'HELD',
    version: 1,
    ...overrides,
  });

  it('applies a newer state and keeps price and expiry the event did not repeat', () => {
    const next = replica().observe(snapshot({ status: 'EXPIRED', version: 2 }));
    expect(next?.status).toBe('EXPIRED');
    expect(next?.version).toBe(2);
    expect(next?.amount).toBe(80_000);
  });

  it('ignores an event that is not newer (late, duplicated or out of order)', () => {
    expect(replica({ status: 'EXPIRED', version: 2 }).observe(snapshot({ status: 'HELD', version: 1, amount: 1, expiresAt: new Date() }))).toBeNull();
    expect(replica({ version: 2 }).observe(snapshot({ status: 'CANCELLED', version: 2 }))).toBeNull();
  });

  it('does not undo a local payment with a snapshot that still says HELD', () => {
    expect(replica({ status: 'PAID', version: 1 }).observe(snapshot({ status: 'HELD', version: 2 }))?.status).toBe('PAID');
  });

  it('lets a newer expiry or confirmation replace a local payment', () => {
    expect(replica({ status: 'PAID' }).observe(snapshot({ status: 'EXPIRED', version: 2 }))?.status).toBe('EXPIRED');
    expect(replica({ status: 'PAID' }).observe(snapshot({ status: 'CONFIRMED', version: 2 }))?.status).toBe('CONFIRMED');
  });

  it('learns a reservation first seen dead without a price, and needs a price for a live one', () => {
    const dead = ReservationReplica.fromSnapshot(snapshot({ status: 'CANCELLED', version: 3 }));
    expect(dead.amount).toBeNull();
    expect(codeOf(() => dead.assertPayableBy(OWNER, clock.now()))).toBe(ErrorCode.RESERVATION_EXPIRED);
    expect(() => ReservationReplica.fromSnapshot(snapshot({ status: 'HELD' }))).toThrow(/price and expiry/);
  });
});

describe('ReservationReplica.markDead', () => {
  it('kills a paid or held reservation after a failed confirmation', () => {
    expect(replica({ status: 'PAID' }).markDead('EXPIRED')?.status).toBe('EXPIRED');
    expect(replica({ status: 'HELD' }).markDead('CANCELLED')?.status).toBe('CANCELLED');
  });

  it('leaves a state an event already moved on', () => {
    expect(replica({ status: 'CONFIRMED' }).markDead('EXPIRED')).toBeNull();
    expect(replica({ status: 'CANCELLED' }).markDead('EXPIRED')).toBeNull();
  });
});
