import { useEffect } from 'preact/hooks';
import type { Reservation } from '../../api/buyer-api';
import { useNow } from '../../shared/use-now';
import { format, t } from '../locale';

/**
 * One seat on hold: a countdown to the hold's expiry (its `expiresAt`), pay and cancel. When the
 * countdown reaches zero the hold has run out (the API releases the seat within a second).
 */
export function HoldCard(props: { hold: Reservation; busy: boolean; onPay: () => void; onCancel: () => void; onRanOut: () => void }) {
  const now = useNow(250);
  const left = Date.parse(props.hold.expiresAt) - now;
  const ranOut = left <= 0;
  useEffect(() => {
    if (ranOut) props.onRanOut();
  }, [ranOut]);

  return (
    <li class="hold-card" data-reservation={props.hold.reservationId} data-seat={props.hold.seatNo}>
      <div class="hold-summary">
        <strong>{t.hold.seat(props.hold.seatNo)}</strong>
        <span>{format.money(props.hold.price)}</span>
      </div>
      <p class={`countdown${left < 30_000 ? ' countdown-urgent' : ''}`} role="timer" aria-label={t.hold.heldFor}>
        <span class="countdown-label">{t.hold.heldFor}</span>
        <span class="countdown-value" data-testid="hold-countdown">
          {format.countdown(left)}
        </span>
      </p>
      <p class="hint">{t.hold.explained}</p>
      <div class="actions">
        <button type="button" class="button button-primary" disabled={props.busy || ranOut} onClick={props.onPay}>
          {props.busy ? t.hold.paying : t.hold.pay(format.money(props.hold.price))}
        </button>
        <button type="button" class="button" disabled={props.busy || ranOut} onClick={props.onCancel}>
          {t.hold.cancel}
        </button>
      </div>
    </li>
  );
}
