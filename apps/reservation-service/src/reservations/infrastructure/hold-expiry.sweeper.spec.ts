import { ExpireOverdueHoldsUseCase } from '../application/expire-overdue-holds/expire-overdue-holds.use-case';
import { FakeClock, InMemoryReservations } from '../application/testing/in-memory-reservations.fixture';
import { heldReservation, T0 } from '../application/testing/reservation-fixtures.fixture';
import { HoldExpirySweeper } from './hold-expiry.sweeper';

describe('HoldExpirySweeper', () => {
  let store: InMemoryReservations;
  let clock: FakeClock;
  let sut: HoldExpirySweeper;

  beforeEach(() => {
    store = new InMemoryReservations();
    clock = new FakeClock(T0);
    sut = new HoldExpirySweeper(new ExpireOverdueHoldsUseCase(store, clock), store, clock, { enabled: false, maxIntervalMs: 250, batchSize: 2 });
  });

  it('sleeps the longest interval when nothing is held', async () => {
    await expect(sut.sweepOnce()).resolves.toEqual({ expired: 0, sleepMs: 250 });
  });

  it('sleeps until the next hold runs out when that is sooner than the longest interval', async () => {
    store.givenReservation(heldReservation({ id: 'r-1', seatNo: 1, holdSeconds: 1 }));
    clock.set(new Date(T0.getTime() + 900));

    await expect(sut.sweepOnce()).resolves.toEqual({ expired: 0, sleepMs: 100 });
  });

  it('caps the sleep when the next expiry is far away (a newer, shorter hold may come)', async () => {
    store.givenReservation(heldReservation({ id: 'r-1', seatNo: 1, holdSeconds: 300 }));

    await expect(sut.sweepOnce()).resolves.toEqual({ expired: 0, sleepMs: 250 });
  });

  it('expires what is due and sweeps again at once while a full batch came back', async () => {
    for (const seatNo of [1, 2, 3]) store.givenReservation(heldReservation({ id: `r-${seatNo}`, seatNo, holdSeconds: 1 }));
    clock.advanceSeconds(2);

    await expect(sut.sweepOnce()).resolves.toEqual({ expired: 2, sleepMs: 0 });
    await expect(sut.sweepOnce()).resolves.toEqual({ expired: 1, sleepMs: 250 });
    expect(store.events).toHaveLength(3);
  });

  it('never spins faster than 20 ms on an overdue hold it could not take (locked elsewhere)', async () => {
    store.givenReservation(heldReservation({ id: 'r-1', seatNo: 1, holdSeconds: 1 }));
    clock.advanceSeconds(2);
    jest.spyOn(store, 'run').mockResolvedValueOnce(0);

    await expect(sut.sweepOnce()).resolves.toEqual({ expired: 0, sleepMs: 20 });
  });

  it('runs on bootstrap when enabled and stops on shutdown', async () => {
    const running = new HoldExpirySweeper(new ExpireOverdueHoldsUseCase(store, clock), store, clock, { enabled: true, maxIntervalMs: 10_000, batchSize: 10 });
    store.givenReservation(heldReservation({ id: 'r-1', seatNo: 1, holdSeconds: 1 }));
    clock.advanceSeconds(2);

    running.onApplicationBootstrap();
    const stoppedAt = Date.now();
    await running.onModuleDestroy();

    // The sweep under way finished; the 10 s sleep after it was not waited for.
    expect(store.reservations[0]?.status).toBe('EXPIRED');
    expect(Date.now() - stoppedAt).toBeLessThan(1_000);
  });
});
