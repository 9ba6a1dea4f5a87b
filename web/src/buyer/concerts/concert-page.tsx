import { useEffect, useState } from 'preact/hooks';
import type { ApiFailure } from '../../api/api-error';
import type { ConcertSummary, Payment, QueueToken, Reservation } from '../../api/buyer-api';
import { FailureNotice } from '../../shared/ui/failure-notice';
import { useFocusOnMount } from '../../shared/ui/use-focus-on-mount';
import { useBuyer } from '../buyer-context';
import { queueTokenStore } from '../buyer-session';
import { Confirmation } from '../checkout/confirmation';
import { language, t } from '../locale';
import { isPlaceLost } from '../place-lost';
import { SeatSelection } from '../seats/seat-selection';
import { WaitingRoom } from '../waiting-room/waiting-room';

type Purchase = { reservation: Reservation; payment: Payment };

/**
 * One concert, from joining its waiting room to a confirmed ticket: the pre-queue countdown and
 * the line (WaitingRoom), the dates, seat map and holds once ACTIVE (SeatSelection), then the
 * confirmation once the saga has confirmed the reservation (Confirmation).
 */
export function ConcertPage(props: { concert: ConcertSummary; onBack: () => void }) {
  const buyer = useBuyer();
  const store = queueTokenStore(props.concert.concertId);
  const heading = useFocusOnMount<HTMLHeadingElement>();
  const [queue, setQueue] = useState<QueueToken | undefined>();
  const [restoring, setRestoring] = useState(store.read() !== undefined);
  const [joining, setJoining] = useState(false);
  const [failure, setFailure] = useState<ApiFailure | undefined>();
  const [turnOver, setTurnOver] = useState(false);
  const [purchase, setPurchase] = useState<Purchase | undefined>();

  const hold = (token: QueueToken | undefined) => {
    setQueue(token);
    store.write(token?.token);
  };

  // A reload finds the tab's place in the room again.
  useEffect(() => {
    const stored = store.read();
    if (stored === undefined) return;
    buyer.api.queueToken(stored).then(
      (token) => {
        if (token.status === 'EXPIRED') hold(undefined);
        else setQueue(token);
        setRestoring(false);
      },
      (error: unknown) => {
        buyer.failed(error);
        hold(undefined);
        setRestoring(false);
      },
    );
  }, [props.concert.concertId]);

  const join = async () => {
    setJoining(true);
    setFailure(undefined);
    try {
      const token = await buyer.api.joinQueue(props.concert.concertId);
      setTurnOver(false);
      setPurchase(undefined);
      hold(token);
    } catch (error) {
      setFailure(buyer.failed(error));
    } finally {
      setJoining(false);
    }
  };

  /** A protected call refused the token: the turn is over, or the place is gone. */
  const placeLost = (lost: ApiFailure) => {
    if (!isPlaceLost(lost)) return;
    hold(undefined);
    setTurnOver(lost.code === 'QUEUE_TOKEN_EXPIRED');
    if (lost.code !== 'QUEUE_TOKEN_EXPIRED') setFailure(lost);
  };

  const update = (token: QueueToken) => {
    if (token.status === 'EXPIRED') {
      hold(undefined);
      setTurnOver(true);
    } else {
      setQueue(token);
    }
  };

  let step;
  if (purchase) {
    step = <Confirmation purchase={purchase} onAgain={() => void join()} />;
  } else if (restoring) {
    step = <p aria-live="polite">{t.loading}</p>;
  } else if (queue && queue.status === 'ACTIVE') {
    step = (
      <SeatSelection
        concertId={props.concert.concertId}
        queue={queue}
        onPlaceLost={placeLost}
        onTurnOver={() => update({ ...queue, status: 'EXPIRED' })}
        onPaid={(reservation, payment) => {
          hold(undefined);
          setPurchase({ reservation, payment });
        }}
      />
    );
  } else if (queue) {
    step = <WaitingRoom queue={queue} onUpdate={update} onPlaceLost={placeLost} />;
  } else {
    step = (
      <div class="join">
        {turnOver ? (
          <div class="notice notice-warning" role="alert">
            <h3>{t.queue.turnOverHeading}</h3>
            <p>{t.queue.turnOver}</p>
          </div>
        ) : (
          <p>{t.queue.explained}</p>
        )}
        <button type="button" class="button button-primary" disabled={joining} onClick={() => void join()}>
          {joining ? t.queue.joining : turnOver ? t.queue.joinAgain : t.queue.join}
        </button>
      </div>
    );
  }

  return (
    <section class="panel concert-page" aria-labelledby="concert-heading">
      <button type="button" class="button button-link back" onClick={props.onBack}>
        ← {t.concerts.back}
      </button>
      <h2 id="concert-heading" tabIndex={-1} ref={heading}>
        {props.concert.title}
      </h2>
      <p class="venue">{props.concert.venue}</p>
      <FailureNotice failure={failure} language={language} />
      {step}
    </section>
  );
}
