import { useEffect, useRef, useState } from 'preact/hooks';
import type { ApiFailure } from '../../api/api-error';
import { idempotencyKey } from '../../api/api-call';
import type { Payment, QueueToken, Reservation, Schedule, SeatMap as SeatMapBody } from '../../api/buyer-api';
import { FailureNotice } from '../../shared/ui/failure-notice';
import { useFocusOnMount } from '../../shared/ui/use-focus-on-mount';
import { useNow } from '../../shared/use-now';
import { usePolling } from '../../shared/use-polling';
import { useBuyer } from '../buyer-context';
import { HoldCard } from '../checkout/hold-card';
import { format, language, t } from '../locale';
import { isPlaceLost } from '../place-lost';
import { ChargeForm } from '../wallet/charge-form';
import { SeatMap } from './seat-map';
import { seatStates } from './seat-states';

/** The seat map is read again this often while it is shown (the API's view converges within 1 s). */
export const SEAT_MAP_EVERY_MS = 1_000;
const DATES_EVERY_MS = 5_000;
/** How long a seat a refused hold reported taken shows as held before the seat map has caught up. */
const TAKEN_SHOWN_MS = 2_000;

type Notice = { kind: 'failure'; failure: ApiFailure } | { kind: 'info'; text: string };

/**
 * The buyer's turn (an ACTIVE queue token): the dates with the seats left, a live seat map, the
 * buyer's holds with their countdowns, pay and cancel, and the balance with a charge form when it
 * falls short. Failures that end the turn go to the concert page (onPlaceLost, onTurnOver).
 */
export function SeatSelection(props: {
  concertId: string;
  queue: QueueToken;
  onPlaceLost: (failure: ApiFailure) => void;
  onTurnOver: () => void;
  onPaid: (reservation: Reservation, payment: Payment) => void;
}) {
  const buyer = useBuyer();
  const { api } = buyer;
  const token = props.queue.token;
  const heading = useFocusOnMount<HTMLHeadingElement>();
  const now = useNow(500);
  const [schedules, setSchedules] = useState<Schedule[] | undefined>();
  const [scheduleId, setScheduleId] = useState<string | undefined>();
  const [seatMap, setSeatMap] = useState<SeatMapBody | undefined>();
  const [selected, setSelected] = useState<number | undefined>();
  const [holds, setHolds] = useState<Reservation[]>([]);
  const [taken, setTaken] = useState<ReadonlyMap<number, number>>(new Map());
  const [notice, setNotice] = useState<Notice | undefined>();
  const [balance, setBalance] = useState<number | undefined>();
  const [shortfall, setShortfall] = useState<number | undefined>();
  const [busy, setBusy] = useState<string | undefined>();
  const payKeys = useRef(new Map<string, string>());

  /** A failure of a call: the turn's end goes up to the concert page, anything else is shown here. */
  const failed = (error: unknown): ApiFailure => {
    const failure = buyer.failed(error);
    if (isPlaceLost(failure)) props.onPlaceLost(failure);
    else setNotice({ kind: 'failure', failure });
    return failure;
  };

  const turnLeft = props.queue.expiresAt ? Date.parse(props.queue.expiresAt) - now : Number.POSITIVE_INFINITY;
  useEffect(() => {
    if (turnLeft <= 0) props.onTurnOver();
  }, [turnLeft <= 0]);

  useEffect(() => {
    api.reservations().then(
      (mine) => setHolds(mine.filter((reservation) => reservation.status === 'HELD' && reservation.concertId === props.concertId && Date.parse(reservation.expiresAt) > Date.now())),
      (error: unknown) => void failed(error),
    );
    api.balance().then(
      (wallet) => setBalance(wallet.balance),
      (error: unknown) => void failed(error),
    );
  }, [token]);

  usePolling(async () => {
    try {
      const dates = await api.schedules(props.concertId, token);
      setSchedules(dates);
      setScheduleId((current) => current ?? dates[0]?.scheduleId);
    } catch (error) {
      failed(error);
    }
  }, DATES_EVERY_MS);

  usePolling(
    async () => {
      if (scheduleId === undefined) return;
      try {
        setSeatMap(await api.seatMap(props.concertId, scheduleId, token));
      } catch (error) {
        failed(error);
      }
    },
    SEAT_MAP_EVERY_MS,
    scheduleId !== undefined,
  );

  const schedule = schedules?.find((candidate) => candidate.scheduleId === scheduleId);
  const liveTaken = new Set([...taken].filter(([, until]) => until > now).map(([seatNo]) => seatNo));
  const seats = seatMap && seatMap.scheduleId === scheduleId ? seatStates(seatMap.seats, seatMap.scheduleId, holds, liveTaken) : undefined;
  const selectedSeat = seats?.find((seat) => seat.seatNo === selected);

  const chooseDate = (id: string) => {
    setScheduleId(id);
    setSeatMap(undefined);
    setSelected(undefined);
  };

  const hold = async (seatNo: number) => {
    if (scheduleId === undefined) return;
    setBusy('hold');
    setNotice(undefined);
    try {
      const reservation = await api.hold(scheduleId, seatNo, token);
      setHolds((current) => [...current, reservation]);
      setSelected(undefined);
    } catch (error) {
      const failure = failed(error);
      if (failure.code === 'SEAT_UNAVAILABLE') {
        setNotice({ kind: 'info', text: t.seats.taken(seatNo) });
        setTaken((current) => new Map(current).set(seatNo, Date.now() + TAKEN_SHOWN_MS));
        setSelected(undefined);
      }
    } finally {
      setBusy(undefined);
    }
  };

  const pay = async (reservation: Reservation) => {
    setBusy(reservation.reservationId);
    setNotice(undefined);
    setShortfall(undefined);
    const key = payKeys.current.get(reservation.reservationId) ?? idempotencyKey();
    payKeys.current.set(reservation.reservationId, key);
    try {
      const payment = await api.pay(reservation.reservationId, token, key);
      props.onPaid(reservation, payment);
    } catch (error) {
      const failure = failed(error);
      // A refused payment charged nothing: the next attempt is a new payment.
      payKeys.current.delete(reservation.reservationId);
      if (failure.code === 'INSUFFICIENT_BALANCE') {
        const wallet = await api.balance().catch(() => undefined);
        if (wallet) setBalance(wallet.balance);
        setShortfall(Math.max(1, reservation.price - (wallet?.balance ?? 0)));
      }
      if (failure.code === 'RESERVATION_EXPIRED') dropHold(reservation);
      setBusy(undefined);
    }
  };

  const cancel = async (reservation: Reservation) => {
    setBusy(reservation.reservationId);
    setNotice(undefined);
    try {
      await api.cancel(reservation.reservationId, token);
      dropHold(reservation);
      setNotice({ kind: 'info', text: t.hold.cancelled(reservation.seatNo) });
    } catch (error) {
      const failure = failed(error);
      if (failure.code === 'RESERVATION_NOT_HELD') dropHold(reservation);
    } finally {
      setBusy(undefined);
    }
  };

  const dropHold = (reservation: Reservation) => setHolds((current) => current.filter((candidate) => candidate.reservationId !== reservation.reservationId));

  const ranOut = (reservation: Reservation) => {
    dropHold(reservation);
    setShortfall(undefined);
    setNotice({ kind: 'info', text: t.hold.ranOut(reservation.seatNo) });
  };

  return (
    <div class="seat-selection">
      <div class="turn">
        <h3 tabIndex={-1} ref={heading}>
          {t.seats.heading}
        </h3>
        {props.queue.expiresAt && (
          <p class="countdown countdown-small" role="timer" aria-label={t.queue.turnEndsIn}>
            <span class="countdown-label">{t.queue.turnEndsIn}</span>
            <span class="countdown-value" data-testid="turn-countdown">
              {format.countdown(turnLeft)}
            </span>
          </p>
        )}
      </div>

      <fieldset class="dates">
        <legend>{t.seats.dates}</legend>
        {schedules === undefined && <p>{t.loading}</p>}
        {schedules?.length === 0 && <p>{t.seats.noDates}</p>}
        {schedules?.map((date) => (
          <label key={date.scheduleId} class={`date-option${date.scheduleId === scheduleId ? ' date-option-chosen' : ''}`}>
            <input type="radio" name="schedule" value={date.scheduleId} checked={date.scheduleId === scheduleId} onChange={() => chooseDate(date.scheduleId)} />
            <span class="date-when">{format.concertTime(date.startsAt)}</span>
            <span class="date-left">{date.availableSeats > 0 ? t.seats.available(date.availableSeats, date.totalSeats) : t.seats.soldOut}</span>
          </label>
        ))}
      </fieldset>

      <div aria-live="polite" aria-atomic="true" class="notice-area">
        {notice?.kind === 'info' && <p class="notice notice-info">{notice.text}</p>}
      </div>
      {notice?.kind === 'failure' && <FailureNotice failure={notice.failure} language={language} />}

      <div class="shop">
        <div class="map-column">
          {schedule && seats ? (
            <SeatMap label={t.seats.mapLabel(format.concertTime(schedule.startsAt))} seats={seats} selected={selected} onSelect={setSelected} />
          ) : (
            scheduleId !== undefined && <p>{t.loading}</p>
          )}
          <div class="selection" aria-live="polite">
            {selectedSeat && selectedSeat.state === 'available' ? (
              <>
                <p>{t.seats.selected(selectedSeat.seatNo, format.money(selectedSeat.price))}</p>
                <button type="button" class="button button-primary" disabled={busy !== undefined} onClick={() => void hold(selectedSeat.seatNo)}>
                  {busy === 'hold' ? t.seats.holding : t.seats.hold(selectedSeat.seatNo)}
                </button>
              </>
            ) : (
              seats && <p class="hint">{t.seats.pick}</p>
            )}
          </div>
        </div>

        {holds.length > 0 && (
          <section class="holds" aria-labelledby="holds-heading">
            <h3 id="holds-heading">{t.hold.heading}</h3>
            {balance !== undefined && <p class="balance-line">{t.hold.balance(format.money(balance))}</p>}
            <ul>
              {holds.map((reservation) => (
                <HoldCard
                  key={reservation.reservationId}
                  hold={reservation}
                  busy={busy === reservation.reservationId}
                  onPay={() => void pay(reservation)}
                  onCancel={() => void cancel(reservation)}
                  onRanOut={() => ranOut(reservation)}
                />
              ))}
            </ul>
            {shortfall !== undefined && (
              <div class="top-up">
                <p>{t.hold.shortBy(format.money(shortfall))}</p>
                <ChargeForm
                  suggested={Math.max(shortfall, 50_000)}
                  onCharged={(next) => {
                    setBalance(next);
                    setShortfall(undefined);
                  }}
                />
              </div>
            )}
          </section>
        )}
      </div>
    </div>
  );
}
