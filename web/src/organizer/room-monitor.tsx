import { useEffect, useId, useState } from 'preact/hooks';
import { type ApiFailure, failureOf } from '../api/api-error';
import { type ConcertSummary, listConcerts } from '../api/buyer-api';
import type { OrganizerApi, WaitingRoomView } from '../api/organizer-api';
import { FailureNotice } from '../shared/ui/failure-notice';
import { usePolling } from '../shared/use-polling';
import { format, language, t } from './locale';

const READ_EVERY_MS = 1_000;

/**
 * A concert's waiting room, read every second (GET …/waiting-room): the pre-queue, the line, the
 * buyers shopping and the admissions of the last minute; and its capacity and shopping time,
 * changed while people wait (PATCH the same path).
 */
export function RoomMonitor(props: { api: OrganizerApi; concertId: string | undefined; onChoose: (concertId: string | undefined) => void; onFailure: (failure: ApiFailure) => void; knownConcerts: number }) {
  const id = useId();
  const [concerts, setConcerts] = useState<ConcertSummary[]>([]);
  const [room, setRoom] = useState<WaitingRoomView | undefined>();
  const [readAt, setReadAt] = useState<number | undefined>();
  const [failure, setFailure] = useState<ApiFailure | undefined>();

  const loadConcerts = async () => {
    try {
      setConcerts(await listConcerts());
    } catch (error) {
      setFailure(failureOf(error));
    }
  };
  useEffect(() => {
    void loadConcerts();
  }, [props.knownConcerts]);

  useEffect(() => setRoom(undefined), [props.concertId]);

  usePolling(
    async () => {
      if (props.concertId === undefined) return;
      try {
        const view = await props.api.waitingRoom(props.concertId);
        if (view.concertId !== props.concertId) return;
        setRoom(view);
        setReadAt(Date.now());
        setFailure(undefined);
      } catch (error) {
        const refused = failureOf(error);
        setFailure(refused);
        props.onFailure(refused);
      }
    },
    READ_EVERY_MS,
    props.concertId !== undefined,
  );

  return (
    <section class="panel room-monitor" aria-labelledby={`${id}-heading`}>
      <h2 id={`${id}-heading`}>{t.room.heading}</h2>
      <div class="form-row">
        <label for={`${id}-concert`}>{t.room.concert}</label>
        <select id={`${id}-concert`} name="concert" value={props.concertId ?? ''} onChange={(event) => props.onChoose(event.currentTarget.value || undefined)}>
          <option value="">{t.room.choose}</option>
          {concerts.map((concert) => (
            <option key={concert.concertId} value={concert.concertId}>
              {`${concert.title} — ${concert.venue}`}
            </option>
          ))}
        </select>
        <button type="button" class="button button-small" onClick={() => void loadConcerts()}>
          {t.room.refreshList}
        </button>
      </div>
      <FailureNotice failure={failure} language={language} />
      {props.concertId !== undefined && room === undefined && !failure && <p>{t.loading}</p>}
      {room && (
        <>
          <dl class="stats" data-testid="room-stats">
            <Stat name="preQueue" label={t.room.preQueue} value={format.count(room.preQueue)} />
            <Stat name="waiting" label={t.room.waiting} value={format.count(room.waiting)} />
            <Stat name="active" label={t.room.active} value={`${format.count(room.active)} / ${format.count(room.maxActiveUsers)}`} />
            <Stat name="admittedLastMinute" label={t.room.admittedLastMinute} value={format.count(room.admittedLastMinute)} />
            <Stat name="activeSeconds" label={t.room.activeSeconds} value={t.room.seconds(room.activeSeconds)} />
            <Stat
              name="opening"
              label={room.openedAt ? t.room.openedAt : t.room.opensAt}
              value={room.openedAt ? format.moment(room.openedAt) : room.saleOpensAt ? format.moment(room.saleOpensAt) : t.room.notScheduled}
            />
          </dl>
          {readAt !== undefined && <p class="hint">{t.room.updated(format.timeOfDay(new Date(readAt).toISOString()))}</p>}
          <RoomSettingsForm key={room.concertId} api={props.api} room={room} onChanged={setRoom} />
        </>
      )}
    </section>
  );
}

function Stat(props: { name: string; label: string; value: string }) {
  return (
    <div class={`stat${/^[\d\s/,.]+$/.test(props.value) ? '' : ' stat-text'}`} data-stat={props.name}>
      <dt>{props.label}</dt>
      <dd>{props.value}</dd>
    </div>
  );
}

function RoomSettingsForm(props: { api: OrganizerApi; room: WaitingRoomView; onChanged: (room: WaitingRoomView) => void }) {
  const id = useId();
  const [maxActiveUsers, setMaxActiveUsers] = useState(String(props.room.maxActiveUsers));
  const [activeSeconds, setActiveSeconds] = useState(String(props.room.activeSeconds));
  const [busy, setBusy] = useState(false);
  const [failure, setFailure] = useState<ApiFailure | undefined>();
  const [saved, setSaved] = useState(false);

  const submit = async (event: Event) => {
    event.preventDefault();
    setBusy(true);
    setFailure(undefined);
    setSaved(false);
    try {
      props.onChanged(await props.api.changeWaitingRoom(props.room.concertId, { maxActiveUsers: Number(maxActiveUsers), activeSeconds: Number(activeSeconds) }));
      setSaved(true);
    } catch (error) {
      setFailure(failureOf(error));
    } finally {
      setBusy(false);
    }
  };

  return (
    <form class="form room-settings-form" onSubmit={(event) => void submit(event)}>
      <h3>{t.room.change}</h3>
      <label for={`${id}-max`}>{t.room.maxActiveUsers}</label>
      <input id={`${id}-max`} name="maxActiveUsers" type="number" inputMode="numeric" min={1} max={1_000_000} step={1} required value={maxActiveUsers} onInput={(event) => setMaxActiveUsers(event.currentTarget.value)} />
      <label for={`${id}-active`}>{t.room.newActiveSeconds}</label>
      <input id={`${id}-active`} name="activeSeconds" type="number" inputMode="numeric" min={10} max={86_400} step={1} required value={activeSeconds} onInput={(event) => setActiveSeconds(event.currentTarget.value)} />
      <button type="submit" class="button button-primary" disabled={busy}>
        {busy ? t.room.saving : t.room.save}
      </button>
      <FailureNotice failure={failure} language={language} />
      {saved && (
        <p class="notice notice-success" role="status">
          {t.room.saved}
        </p>
      )}
    </form>
  );
}
