import { useEffect, useState } from 'preact/hooks';
import type { ApiFailure } from '../../api/api-error';
import type { Payment, Reservation } from '../../api/buyer-api';
import { FailureNotice } from '../../shared/ui/failure-notice';
import { useBuyer } from '../buyer-context';
import { format, language, t } from '../locale';

/** The buyer's reservations (newest first, with their state) and payments. */
export function MyTickets() {
  const buyer = useBuyer();
  const [reservations, setReservations] = useState<Reservation[] | undefined>();
  const [payments, setPayments] = useState<Payment[] | undefined>();
  const [failure, setFailure] = useState<ApiFailure | undefined>();

  const load = async () => {
    setFailure(undefined);
    try {
      const [mine, paid] = await Promise.all([buyer.api.reservations(), buyer.api.payments()]);
      setReservations(mine);
      setPayments(paid);
    } catch (error) {
      setFailure(buyer.failed(error));
    }
  };
  useEffect(() => {
    void load();
  }, []);

  return (
    <section class="panel tickets" aria-labelledby="tickets-heading">
      <div class="panel-heading">
        <h2 id="tickets-heading">{t.tickets.heading}</h2>
        <button type="button" class="button button-small" onClick={() => void load()}>
          {t.tickets.refresh}
        </button>
      </div>
      <FailureNotice failure={failure} language={language} />
      <h3>{t.tickets.reservations}</h3>
      {reservations === undefined && !failure && <p>{t.loading}</p>}
      {reservations?.length === 0 && <p>{t.tickets.none}</p>}
      {reservations && reservations.length > 0 && (
        <ul class="ticket-list">
          {reservations.map((reservation) => (
            <li key={reservation.reservationId} class={`ticket-item ticket-${reservation.status.toLowerCase()}`} data-status={reservation.status}>
              <strong>{t.tickets.seatNo(reservation.seatNo)}</strong>
              <span>{format.money(reservation.price)}</span>
              <span class="status">{t.tickets.status[reservation.status]}</span>
            </li>
          ))}
        </ul>
      )}
      <h3>{t.tickets.payments}</h3>
      {payments?.length === 0 && <p>{t.tickets.noPayments}</p>}
      {payments && payments.length > 0 && (
        <ul class="ticket-list">
          {payments.map((payment) => (
            <li key={payment.paymentId} class="ticket-item" data-status={payment.status}>
              <span>{format.moment(payment.paidAt)}</span>
              <span>{format.money(payment.amount)}</span>
              <span class="status">{t.tickets.paymentStatus[payment.status]}</span>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
