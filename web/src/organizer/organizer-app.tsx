import { useMemo, useState } from 'preact/hooks';
import type { ApiFailure } from '../api/api-error';
import { OrganizerApi } from '../api/organizer-api';
import { SessionStore } from '../shared/session-store';
import { AdminKeyForm } from './admin-key-form';
import { CreateConcertForm } from './create-concert-form';
import { t } from './locale';
import { RoomMonitor } from './room-monitor';

const ADMIN_KEY = new SessionStore<string>('concert.organizer.admin-key');

/** The organizer's page: the admin key, creating concerts, and a room watched live. */
export function OrganizerApp() {
  const [adminKey, setAdminKey] = useState<string | undefined>(() => ADMIN_KEY.read());
  const [concertId, setConcertId] = useState<string | undefined>();
  const [created, setCreated] = useState(0);
  const [refused, setRefused] = useState<ApiFailure | undefined>();
  const api = useMemo(() => (adminKey === undefined ? undefined : new OrganizerApi(adminKey)), [adminKey]);

  const keepKey = (key: string | undefined, reason?: ApiFailure) => {
    ADMIN_KEY.write(key);
    setAdminKey(key);
    setRefused(reason);
  };
  // A wrong key is asked for again, saying why.
  const onFailure = (failure: ApiFailure) => {
    if (failure.code === 'ADMIN_KEY_INVALID') keepKey(undefined, failure);
  };

  return (
    <>
      <a class="skip-link" href="#main">
        {t.skipToContent}
      </a>
      <header class="site-header">
        <div class="site-header-inner">
          <h1 class="site-title">{t.pageTitle}</h1>
          {api && (
            <div class="account">
              <span class="account-name">{t.key.inUse}</span>
              <button type="button" class="button button-small" onClick={() => keepKey(undefined)}>
                {t.key.forget}
              </button>
            </div>
          )}
        </div>
      </header>
      <main id="main" class="content organizer">
        {!api ? (
          <AdminKeyForm onKey={(key) => keepKey(key)} refused={refused} />
        ) : (
          <div class="organizer-grid">
            <CreateConcertForm api={api} onCreated={() => setCreated((count) => count + 1)} onWatch={(concert) => setConcertId(concert.concertId)} onFailure={onFailure} />
            <RoomMonitor api={api} concertId={concertId} onChoose={setConcertId} onFailure={onFailure} knownConcerts={created} />
          </div>
        )}
      </main>
    </>
  );
}
