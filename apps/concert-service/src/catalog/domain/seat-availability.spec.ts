import {
  applyReservationChange,
  deriveSeat,
  type ReservationPhase,
  type ReservationRecord,
  type SeatSnapshot,
  type SeatStatus,
} from './seat-availability';

const A = 'aaaaaaaa-0000-4000-8000-000000000001';
const B = 'bbbbbbbb-0000-4000-8000-000000000002';
const C = 'cccccccc-0000-4000-8000-000000000003';

const event = (reservationId: string, phase: ReservationPhase, version: number): ReservationRecord => ({ reservationId, phase, version });

/** A seat as the store keeps it, applying changes the way the use case persists them. */
class SeatModel {
  status: SeatStatus = 'AVAILABLE';
  holderId: string | null = null;
  available = 1;
  readonly records = new Map<string, ReservationRecord>();

  apply(change: ReservationRecord) {
    const own = this.records.get(change.reservationId);
    const snapshot: SeatSnapshot = {
      status: this.status,
      holderId: this.holderId,
      records: [...this.records.values()].filter((record) => record.phase !== 'RELEASED' || record === own),
    };
    const result = applyReservationChange(snapshot, change);
    if (result.record) this.records.set(result.record.reservationId, result.record);
    this.status = result.status;
    this.holderId = result.holderId;
    this.available += result.availableDelta;
    return result;
  }
}

function permutations<T>(items: T[]): T[][] {
  if (items.length <= 1) return [items];
  return items.flatMap((item, index) => permutations([...items.slice(0, index), ...items.slice(index + 1)]).map((rest) => [item, ...rest]));
}

describe('applyReservationChange', () => {
  it('holds an available seat: HELD by the reservation, one seat fewer available', () => {
    const sut = new SeatModel();

    const result = sut.apply(event(A, 'HELD', 1));

    expect(result).toMatchObject({ outcome: 'applied', status: 'HELD', holderId: A, statusChanged: true, availableDelta: -1 });
  });

  it.each([
    ['expired or cancelled', 'RELEASED', 'AVAILABLE', 1],
    ['confirmed', 'CONFIRMED', 'SOLD', 0],
  ] as const)('moves a held seat on when its hold is %s', (_, phase, status, delta) => {
    const sut = new SeatModel();
    sut.apply(event(A, 'HELD', 1));

    const result = sut.apply(event(A, phase, 2));

    expect(result).toMatchObject({ outcome: 'applied', status, statusChanged: true, availableDelta: delta });
    expect(sut.available).toBe(status === 'AVAILABLE' ? 1 : 0);
  });

  it('treats the same event twice as a duplicate that changes nothing', () => {
    const sut = new SeatModel();
    sut.apply(event(A, 'HELD', 1));

    const result = sut.apply(event(A, 'HELD', 1));

    expect(result).toMatchObject({ outcome: 'duplicate', record: null, status: 'HELD', statusChanged: false, availableDelta: 0 });
    expect(sut.available).toBe(0);
  });

  it('ignores a hold that arrives after its own expiry (older version)', () => {
    const sut = new SeatModel();
    sut.apply(event(A, 'RELEASED', 2));

    const result = sut.apply(event(A, 'HELD', 1));

    expect(result).toMatchObject({ outcome: 'stale', record: null, status: 'AVAILABLE', statusChanged: false, availableDelta: 0 });
    expect(sut.available).toBe(1);
  });

  it('never frees a sold seat when a stale release of the same reservation arrives', () => {
    const sut = new SeatModel();
    sut.apply(event(A, 'HELD', 1));
    sut.apply(event(A, 'CONFIRMED', 2));

    const result = sut.apply(event(A, 'RELEASED', 2));

    expect(result).toMatchObject({ outcome: 'stale', status: 'SOLD' });
  });

  it("does not free B's seat when A's late expiry arrives after B's hold (hold A v1, expire A v2, hold B v1)", () => {
    const sut = new SeatModel();
    sut.apply(event(A, 'HELD', 1));
    sut.apply(event(B, 'HELD', 1)); // A's expiry is still in flight on another partition

    const result = sut.apply(event(A, 'RELEASED', 2));

    expect(result).toMatchObject({ outcome: 'applied', status: 'HELD', holderId: B, statusChanged: false, availableDelta: 0 });
    expect(sut.available).toBe(0);
  });

  it("does not let A's late hold or expiry touch the seat once B bought it", () => {
    const sut = new SeatModel();
    sut.apply(event(B, 'HELD', 1));
    sut.apply(event(B, 'CONFIRMED', 2));

    expect(sut.apply(event(A, 'HELD', 1))).toMatchObject({ status: 'SOLD', holderId: B, statusChanged: false });
    expect(sut.apply(event(A, 'RELEASED', 2))).toMatchObject({ status: 'SOLD', holderId: B, statusChanged: false });
    expect(sut.available).toBe(0);
  });

  it('keeps the seat held until every hold seen has been released', () => {
    const sut = new SeatModel();
    sut.apply(event(A, 'HELD', 1));
    sut.apply(event(B, 'HELD', 1));

    expect(sut.apply(event(B, 'RELEASED', 2))).toMatchObject({ status: 'HELD', holderId: A, availableDelta: 0 });
    expect(sut.apply(event(A, 'RELEASED', 2))).toMatchObject({ status: 'AVAILABLE', holderId: null, availableDelta: 1 });
  });

  it('prefers the terminal phase when one reservation reports two phases with the same version', () => {
    const sut = new SeatModel();
    sut.apply(event(A, 'RELEASED', 2));

    expect(sut.apply(event(A, 'HELD', 2))).toMatchObject({ outcome: 'stale', status: 'AVAILABLE' });
    expect(sut.apply(event(A, 'CONFIRMED', 2))).toMatchObject({ outcome: 'applied', status: 'SOLD' });
  });

  describe('converges to the same seat whatever the arrival order, with duplicates', () => {
    const histories: Array<[string, ReservationRecord[], SeatStatus, string | null]> = [
      ['A held then expired, B held (B still holds)', [event(A, 'HELD', 1), event(A, 'RELEASED', 2), event(B, 'HELD', 1)], 'HELD', B],
      [
        'A expired, B cancelled, C bought',
        [event(A, 'HELD', 1), event(A, 'RELEASED', 2), event(B, 'HELD', 1), event(B, 'RELEASED', 2), event(C, 'HELD', 1), event(C, 'CONFIRMED', 2)],
        'SOLD',
        C,
      ],
      ['A expired, B cancelled: free again', [event(A, 'HELD', 1), event(A, 'RELEASED', 2), event(B, 'HELD', 1), event(B, 'RELEASED', 2)], 'AVAILABLE', null],
    ];

    it.each(histories)('%s', (_, events, status, holderId) => {
      const orders = permutations(events);
      expect(orders.length).toBeGreaterThan(1);
      for (const order of orders) {
        const sut = new SeatModel();
        for (const change of [...order, ...order.slice(0, 2)]) sut.apply(change); // the first two again: redelivery
        expect({ status: sut.status, holderId: sut.holderId, available: sut.available }).toEqual({
          status,
          holderId,
          available: status === 'AVAILABLE' ? 1 : 0,
        });
      }
    });
  });
});

describe('deriveSeat', () => {
  it('is AVAILABLE without live reservations', () => {
    expect(deriveSeat([event(A, 'RELEASED', 2)], null)).toEqual({ status: 'AVAILABLE', holderId: null });
  });

  it('keeps the current holder among several held records', () => {
    expect(deriveSeat([event(A, 'HELD', 1), event(B, 'HELD', 1)], B)).toEqual({ status: 'HELD', holderId: B });
  });
});
