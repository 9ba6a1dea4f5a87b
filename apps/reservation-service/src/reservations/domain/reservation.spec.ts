import { DomainError, ErrorCode } from '@concert/contracts';
import { IllegalTransitionError, Reservation } from './reservation';
import { canTransition, ReservationStatus } from './reservation-status';

const HELD_AT = new Date('2030-01-01T10:00:00.000Z');
const EXPIRES_AT = new Date('2030-01-01T10:05:00.000Z');
const OWNER = '11111111-1111-4111-8111-111111111111';
const STRANGER = '22222222-2222-4222-8222-222222222222';
const PAYMENT = '33333333-3333-4333-8333-333333333333';
const OTHER_PAYMENT = '44444444-4444-4444-8444-444444444444';

function at(offsetSeconds: number): Date {
  return new Date(EXPIRES_AT.getTime() + offsetSeconds * 1000);
}

function newHold(): Reservation {
  return Reservation.hold({
    id: '55555555-5555-4555-8555-555555555555',
    userId: OWNER,
    concertId: '66666666-6666-4666-8666-666666666666',
    scheduleId: '77777777-7777-4777-8777-777777777777',
    seatNo: 7,
    price: 80_000,
    now: HELD_AT,
    holdSeconds: 300,
  });
}

describe('the hold state machine', () => {
  const all = Object.values(ReservationStatus);

  it('lets HELD move to CONFIRMED, EXPIRED or CANCELLED', () => {
    expect(all.filter((to) => canTransition(ReservationStatus.HELD, to))).toEqual([
      ReservationStatus.CONFIRMED,
      ReservationStatus.EXPIRED,
      ReservationStatus.CANCELLED,
    ]);
  });

  it.each([ReservationStatus.CONFIRMED, ReservationStatus.EXPIRED, ReservationStatus.CANCELLED])('lets %s move nowhere', (from) => {
    expect(all.filter((to) => canTransition(from, to))).toEqual([]);
  });
});

describe('Reservation', () => {
  describe('hold', () => {
    it('starts HELD at version 1 and lasts holdSeconds', () => {
      const sut = newHold();

      expect(sut.status).toBe(ReservationStatus.HELD);
      expect(sut.version).toBe(1);
      expect(sut.expiresAt).toEqual(EXPIRES_AT);
      expect(sut.paymentId).toBeNull();
      expect(sut.createdAt).toEqual(HELD_AT);
    });

    it('refuses a non-positive hold length', () => {
      expect(() =>
        Reservation.hold({ id: 'x', userId: OWNER, concertId: 'c', scheduleId: 's', seatNo: 1, price: 1, now: HELD_AT, holdSeconds: 0 }),
      ).toThrow(/holdSeconds/);
    });
  });

  describe('expiry by the clock', () => {
    it('reads HELD and occupies the seat until the last millisecond before expiresAt', () => {
      const sut = newHold();
      const justBefore = new Date(EXPIRES_AT.getTime() - 1);

      expect(sut.statusAt(justBefore)).toBe(ReservationStatus.HELD);
      expect(sut.occupiesSeatAt(justBefore)).toBe(true);
      expect(sut.isOverdueAt(justBefore)).toBe(false);
    });

    it('reads EXPIRED and frees the seat from expiresAt on, before anything is written', () => {
      const sut = newHold();

      expect(sut.statusAt(EXPIRES_AT)).toBe(ReservationStatus.EXPIRED);
      expect(sut.occupiesSeatAt(EXPIRES_AT)).toBe(false);
      expect(sut.status).toBe(ReservationStatus.HELD);
    });

    it('expires an overdue hold, version + 1', () => {
      const sut = newHold();

      sut.expire(at(1));

      expect(sut.status).toBe(ReservationStatus.EXPIRED);
      expect(sut.version).toBe(2);
      expect(sut.updatedAt).toEqual(at(1));
    });

    it('refuses to expire a hold that still runs', () => {
      const sut = newHold();

      expect(() => sut.expire(at(-1))).toThrow(/not an overdue hold/);
      expect(sut.status).toBe(ReservationStatus.HELD);
    });

    it('refuses to expire twice', () => {
      const sut = newHold();
      sut.expire(at(1));

      expect(() => sut.expire(at(2))).toThrow(/not an overdue hold/);
      expect(sut.version).toBe(2);
    });
  });

  describe('cancel', () => {
    it('cancels a live hold of its owner, version + 1', () => {
      const sut = newHold();

      sut.cancel(OWNER, at(-10));

      expect(sut.status).toBe(ReservationStatus.CANCELLED);
      expect(sut.version).toBe(2);
      expect(sut.occupiesSeatAt(at(-10))).toBe(false);
    });

    it('refuses another user with RESERVATION_NOT_OWNED (ownership before state)', () => {
      const sut = newHold();
      sut.expire(at(1));

      expect(() => sut.cancel(STRANGER, at(2))).toThrow(expect.objectContaining({ code: ErrorCode.RESERVATION_NOT_OWNED }));
    });

    it('refuses an overdue hold with RESERVATION_NOT_HELD', () => {
      const sut = newHold();

      expect(() => sut.cancel(OWNER, EXPIRES_AT)).toThrow(expect.objectContaining({ code: ErrorCode.RESERVATION_NOT_HELD }));
      expect(sut.status).toBe(ReservationStatus.HELD);
    });

    it('refuses a second cancel with RESERVATION_NOT_HELD', () => {
      const sut = newHold();
      sut.cancel(OWNER, at(-10));

      let thrown: unknown;
      try {
        sut.cancel(OWNER, at(-9));
      } catch (error) {
        thrown = error;
      }
      expect(thrown).toBeInstanceOf(DomainError);
      expect((thrown as DomainError).code).toBe(ErrorCode.RESERVATION_NOT_HELD);
      expect(sut.version).toBe(2);
    });
  });

  describe('confirm', () => {
    it('confirms a hold paid before it ran out, even when the event arrives later', () => {
      const sut = newHold();

      expect(sut.confirm(PAYMENT, at(-1), at(5))).toEqual({ kind: 'CONFIRMED' });
      expect(sut.status).toBe(ReservationStatus.CONFIRMED);
      expect(sut.paymentId).toBe(PAYMENT);
      expect(sut.version).toBe(2);
      expect(sut.occupiesSeatAt(at(1000))).toBe(true);
    });

    it('confirms a payment made at exactly expiresAt', () => {
      expect(newHold().confirm(PAYMENT, EXPIRES_AT, EXPIRES_AT)).toEqual({ kind: 'CONFIRMED' });
    });

    it('fails a late payment with EXPIRED and expires the overdue hold', () => {
      const sut = newHold();

      expect(sut.confirm(PAYMENT, at(1), at(2))).toEqual({ kind: 'FAILED', reason: 'EXPIRED', expired: true });
      expect(sut.status).toBe(ReservationStatus.EXPIRED);
      expect(sut.paymentId).toBeNull();
      expect(sut.version).toBe(2);
    });

    it('fails a payment for an already expired hold without another change', () => {
      const sut = newHold();
      sut.expire(at(1));

      expect(sut.confirm(PAYMENT, at(-5), at(3))).toEqual({ kind: 'FAILED', reason: 'EXPIRED', expired: false });
      expect(sut.version).toBe(2);
    });

    it('fails a payment for a cancelled hold with CANCELLED', () => {
      const sut = newHold();
      sut.cancel(OWNER, at(-10));

      expect(sut.confirm(PAYMENT, at(-5), at(-5))).toEqual({ kind: 'FAILED', reason: 'CANCELLED', expired: false });
      expect(sut.status).toBe(ReservationStatus.CANCELLED);
    });

    it('treats the same payment again as a duplicate and another payment as ALREADY_CONFIRMED', () => {
      const sut = newHold();
      sut.confirm(PAYMENT, at(-5), at(-5));

      expect(sut.confirm(PAYMENT, at(-5), at(-4))).toEqual({ kind: 'DUPLICATE' });
      expect(sut.confirm(OTHER_PAYMENT, at(-5), at(-4))).toEqual({ kind: 'FAILED', reason: 'ALREADY_CONFIRMED', expired: false });
      expect(sut.paymentId).toBe(PAYMENT);
      expect(sut.version).toBe(2);
    });

    it('keeps a hold that by its own clock still runs when the payer says it paid later (clock skew)', () => {
      const sut = newHold();

      expect(sut.confirm(PAYMENT, at(1), at(-1))).toEqual({ kind: 'FAILED', reason: 'EXPIRED', expired: false });
      expect(sut.status).toBe(ReservationStatus.HELD);
    });
  });

  it('never leaves a final state through any command', () => {
    for (const finish of [
      (r: Reservation) => r.expire(at(1)),
      (r: Reservation) => r.cancel(OWNER, at(-1)),
      (r: Reservation) => r.confirm(PAYMENT, at(-1), at(-1)),
    ]) {
      const sut = newHold();
      finish(sut);
      const status = sut.status;
      const version = sut.version;

      expect(() => sut.expire(at(10))).toThrow();
      expect(() => sut.cancel(OWNER, at(-1))).toThrow(DomainError);
      sut.confirm(OTHER_PAYMENT, at(-1), at(-1));

      expect(sut.status).toBe(status);
      expect(sut.version).toBe(version);
    }
  });

  it('reports an illegal move as a programming error', () => {
    expect(new IllegalTransitionError(ReservationStatus.EXPIRED, ReservationStatus.HELD).message).toBe(
      'A reservation cannot move from EXPIRED to HELD',
    );
  });
});
