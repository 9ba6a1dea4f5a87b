import { useState } from 'preact/hooks';
import type { Payment, Reservation } from '../../api/buyer-api';
import { usePolling } from '../../shared/use-polling';
import { useFocusOnMount } from '../../shared/ui/use-focus-on-mount';
import { useBuyer } from '../buyer-context';
import { format, t } from '../locale';

const READ_EVERY_MS = 500;

/**
 * After the payment's 201: the ticket is the buyer's only when the saga has confirmed the
 * reservation, so this reads the reservation until it is CONFIRMED (or, if the payment lost a race
 * with the hold's expiry, ended: the payment is then refunded).
 */
export function Confirmation(props: { purchase: { reservation: Reservation; payment: Payment }; onAgain: () => void }) {
  const buyer = useBuyer();
  const [reservation, setReservation] = useState(props.purchase.reservation);
  const settled = reservation.status !== 'HELD';

  usePolling(
    async () => {
      try {
        setReservation(await buyer.api.reservation(props.purchase.reservation.reservationId));
      } catch (error) {
        buyer.failed(error);
      }
    },
    READ_EVERY_MS,
    !settled,
  );

  if (!settled) {
    return (
      <div class="confirmation" aria-busy="true">
        <p class="notice notice-info" role="status">
          {t.confirmation.confirming}
        </p>
      </div>
    );
  }
  return reservation.status === 'CONFIRMED' ? <Confirmed reservation={reservation} payment={props.purchase.payment} onAgain={props.onAgain} /> : <Refunded payment={props.purchase.payment} onAgain={props.onAgain} />;
}

function Confirmed(props: { reservation: Reservation; payment: Payment; onAgain: () => void }) {
  const buyer = useBuyer();
  const heading = useFocusOnMount<HTMLHeadingElement>();
  return (
    <div class="confirmation confirmation-done" data-status="CONFIRMED">
      <h3 tabIndex={-1} ref={heading}>
        {t.confirmation.heading}
      </h3>
      <dl class="ticket">
        <dt>{t.tickets.columns.seat}</dt>
        <dd>{t.confirmation.seat(props.reservation.seatNo)}</dd>
        <dt>{t.tickets.columns.amount}</dt>
        <dd>{t.confirmation.paid(format.money(props.payment.amount))}</dd>
      </dl>
      <div class="actions">
        <button type="button" class="button button-primary" onClick={() => buyer.show('tickets')}>
          {t.confirmation.tickets}
        </button>
        <button type="button" class="button" onClick={props.onAgain}>
          {t.confirmation.again}
        </button>
      </div>
    </div>
  );
}

function Refunded(props: { payment: Payment; onAgain: () => void }) {
  const heading = useFocusOnMount<HTMLParagraphElement>();
  return (
    <div class="confirmation" data-status="REFUNDED">
      <p class="notice notice-warning" role="alert" tabIndex={-1} ref={heading}>
        {t.confirmation.refunded(format.money(props.payment.amount))}
      </p>
      <button type="button" class="button button-primary" onClick={props.onAgain}>
        {t.queue.joinAgain}
      </button>
    </div>
  );
}
