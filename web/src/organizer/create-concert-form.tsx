import { useId, useState } from 'preact/hooks';
import { type ApiFailure, failureOf } from '../api/api-error';
import type { CreateConcertRequest, CreatedConcert, OrganizerApi } from '../api/organizer-api';
import { FailureNotice } from '../shared/ui/failure-notice';
import { language, t } from './locale';
import { fromSeoulWallTime, toSeoulWallTime } from './seoul-time';

interface DateRow {
  key: number;
  startsAt: string;
  seatPrice: string;
  frontPrice: string;
}

const DAY_MS = 86_400_000;
let rows = 0;

/** A new date: `daysAhead` days from today, at 19:30 in Seoul. */
function newRow(daysAhead: number): DateRow {
  const day = toSeoulWallTime(Date.now() + daysAhead * DAY_MS).slice(0, 10);
  return { key: ++rows, startsAt: `${day}T19:30`, seatPrice: '80000', frontPrice: '' };
}

/** The request the form stands for: times read as Seoul's, empty optional fields left out. */
function requestOf(form: { title: string; venue: string; dates: DateRow[]; maxActiveUsers: string; activeSeconds: string; saleOpensAt: string }): CreateConcertRequest {
  const waitingRoom: NonNullable<CreateConcertRequest['waitingRoom']> = {};
  if (form.maxActiveUsers !== '') waitingRoom.maxActiveUsers = Number(form.maxActiveUsers);
  if (form.activeSeconds !== '') waitingRoom.activeSeconds = Number(form.activeSeconds);
  if (form.saleOpensAt !== '') waitingRoom.saleOpensAt = fromSeoulWallTime(form.saleOpensAt);
  return {
    title: form.title.trim(),
    venue: form.venue.trim(),
    schedules: form.dates.map((row) => ({
      startsAt: fromSeoulWallTime(row.startsAt),
      seatPrice: Number(row.seatPrice),
      ...(row.frontPrice === '' ? {} : { seatPrices: Object.fromEntries(Array.from({ length: 10 }, (_, index) => [String(index + 1), Number(row.frontPrice)])) }),
    })),
    ...(Object.keys(waitingRoom).length > 0 ? { waitingRoom } : {}),
  };
}

/** Creates a concert with its dates, prices and waiting-room settings (POST /api/v1/admin/concerts). */
export function CreateConcertForm(props: { api: OrganizerApi; onCreated: (concert: CreatedConcert) => void; onWatch: (concert: CreatedConcert) => void; onFailure: (failure: ApiFailure) => void }) {
  const id = useId();
  const [title, setTitle] = useState('');
  const [venue, setVenue] = useState('');
  const [dates, setDates] = useState<DateRow[]>(() => [newRow(7)]);
  const [maxActiveUsers, setMaxActiveUsers] = useState('');
  const [activeSeconds, setActiveSeconds] = useState('');
  const [saleOpensAt, setSaleOpensAt] = useState('');
  const [busy, setBusy] = useState(false);
  const [failure, setFailure] = useState<ApiFailure | undefined>();
  const [created, setCreated] = useState<CreatedConcert | undefined>();

  const change = (key: number, field: keyof Omit<DateRow, 'key'>, value: string) => setDates((current) => current.map((row) => (row.key === key ? { ...row, [field]: value } : row)));

  const submit = async (event: Event) => {
    event.preventDefault();
    setBusy(true);
    setFailure(undefined);
    setCreated(undefined);
    try {
      const concert = await props.api.createConcert(requestOf({ title, venue, dates, maxActiveUsers, activeSeconds, saleOpensAt }));
      setCreated(concert);
      props.onCreated(concert);
    } catch (error) {
      const refused = failureOf(error);
      setFailure(refused);
      props.onFailure(refused);
    } finally {
      setBusy(false);
    }
  };

  return (
    <section class="panel" aria-labelledby={`${id}-heading`}>
      <h2 id={`${id}-heading`}>{t.create.heading}</h2>
      <form class="form create-concert" onSubmit={(event) => void submit(event)}>
        <label for={`${id}-title`}>{t.create.title}</label>
        <input id={`${id}-title`} name="title" required maxLength={200} value={title} onInput={(event) => setTitle(event.currentTarget.value)} />
        <label for={`${id}-venue`}>{t.create.venue}</label>
        <input id={`${id}-venue`} name="venue" required maxLength={200} value={venue} onInput={(event) => setVenue(event.currentTarget.value)} />

        <h3>{t.create.dates}</h3>
        {dates.map((row, index) => (
          <fieldset key={row.key} class="date-row">
            <legend>{t.create.dateLegend(index + 1)}</legend>
            <label for={`${id}-starts-${row.key}`}>{t.create.startsAt}</label>
            <input id={`${id}-starts-${row.key}`} name="startsAt" type="datetime-local" required value={row.startsAt} onInput={(event) => change(row.key, 'startsAt', event.currentTarget.value)} />
            <label for={`${id}-price-${row.key}`}>{t.create.seatPrice}</label>
            <input id={`${id}-price-${row.key}`} name="seatPrice" type="number" inputMode="numeric" min={0} step={1} required value={row.seatPrice} onInput={(event) => change(row.key, 'seatPrice', event.currentTarget.value)} />
            <label for={`${id}-front-${row.key}`}>{t.create.frontPrice}</label>
            <input id={`${id}-front-${row.key}`} name="frontPrice" type="number" inputMode="numeric" min={0} step={1} value={row.frontPrice} onInput={(event) => change(row.key, 'frontPrice', event.currentTarget.value)} />
            {dates.length > 1 && (
              <button type="button" class="button button-small" onClick={() => setDates((current) => current.filter((candidate) => candidate.key !== row.key))}>
                {t.create.removeDate(index + 1)}
              </button>
            )}
          </fieldset>
        ))}
        <button type="button" class="button" onClick={() => setDates((current) => [...current, newRow(7 + current.length)])}>
          {t.create.addDate}
        </button>

        <fieldset class="room-settings">
          <legend>{t.create.room}</legend>
          <p class="hint">{t.create.defaults}</p>
          <label for={`${id}-max`}>{t.create.maxActiveUsers}</label>
          <input id={`${id}-max`} name="maxActiveUsers" type="number" inputMode="numeric" min={1} max={1_000_000} step={1} value={maxActiveUsers} onInput={(event) => setMaxActiveUsers(event.currentTarget.value)} />
          <label for={`${id}-active`}>{t.create.activeSeconds}</label>
          <input id={`${id}-active`} name="activeSeconds" type="number" inputMode="numeric" min={10} max={86_400} step={1} value={activeSeconds} onInput={(event) => setActiveSeconds(event.currentTarget.value)} />
          <label for={`${id}-opens`}>{t.create.saleOpensAt}</label>
          <input id={`${id}-opens`} name="saleOpensAt" type="datetime-local" step={1} value={saleOpensAt} onInput={(event) => setSaleOpensAt(event.currentTarget.value)} />
        </fieldset>

        <button type="submit" class="button button-primary" disabled={busy}>
          {busy ? t.create.creating : t.create.submit}
        </button>
      </form>
      <FailureNotice failure={failure} language={language} />
      {created && (
        <div class="notice notice-success" role="status">
          <p>{t.create.created(created.title)}</p>
          <button type="button" class="button button-primary" onClick={() => props.onWatch(created)}>
            {t.create.watch}
          </button>
        </div>
      )}
    </section>
  );
}
