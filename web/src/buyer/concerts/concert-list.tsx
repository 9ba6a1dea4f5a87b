import { useEffect, useState } from 'preact/hooks';
import { type ApiFailure, failureOf } from '../../api/api-error';
import { type ConcertSummary, listConcerts } from '../../api/buyer-api';
import { FailureNotice } from '../../shared/ui/failure-notice';
import { language, t } from '../locale';

/** The concerts on sale (the public list), each a way into its waiting room. */
export function ConcertList(props: { onChoose: (concert: ConcertSummary) => void }) {
  const [concerts, setConcerts] = useState<ConcertSummary[] | undefined>();
  const [failure, setFailure] = useState<ApiFailure | undefined>();

  const load = async () => {
    setFailure(undefined);
    try {
      setConcerts(await listConcerts());
    } catch (error) {
      setFailure(failureOf(error));
    }
  };
  useEffect(() => {
    void load();
  }, []);

  return (
    <section class="panel" aria-labelledby="concerts-heading">
      <h2 id="concerts-heading">{t.concerts.heading}</h2>
      <FailureNotice failure={failure} language={language}>
        <button type="button" class="button" onClick={() => void load()}>
          {t.retry}
        </button>
      </FailureNotice>
      {concerts === undefined && !failure && <p aria-live="polite">{t.concerts.loading}</p>}
      {concerts?.length === 0 && <p>{t.concerts.none}</p>}
      {concerts && concerts.length > 0 && (
        <ul class="concert-list">
          {concerts.map((concert) => (
            <li key={concert.concertId} class="concert-card">
              <h3>{concert.title}</h3>
              <p class="venue">{concert.venue}</p>
              <button type="button" class="button button-primary" onClick={() => props.onChoose(concert)} aria-label={t.concerts.choose(concert.title)}>
                {t.concerts.getTickets}
              </button>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
