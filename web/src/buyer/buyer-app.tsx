import { useMemo, useState } from 'preact/hooks';
import { type ApiFailure, failureOf } from '../api/api-error';
import { BuyerApi, type ConcertSummary } from '../api/buyer-api';
import { SessionStore } from '../shared/session-store';
import { type Buyer, BuyerContext, type BuyerView } from './buyer-context';
import { type BuyerSession, keepSession, shortId, storedSession } from './buyer-session';
import { ConcertList } from './concerts/concert-list';
import { ConcertPage } from './concerts/concert-page';
import { t } from './locale';
import { SignInPanel } from './sign-in/sign-in-panel';
import { MyTickets } from './tickets/my-tickets';
import { WalletPanel } from './wallet/wallet-panel';

const CHOSEN_CONCERT = new SessionStore<ConcertSummary>('concert.buyer.concert');
const SIGNED_OUT: ReadonlySet<string> = new Set(['AUTH_INVALID', 'AUTH_REQUIRED']);

/** The buyer's page: sign-in, then the concerts (and the one being bought), my tickets and the balance. */
export function BuyerApp() {
  const [session, setSession] = useState<BuyerSession | undefined>(() => storedSession(Date.now()));
  const [signedOutBy, setSignedOutBy] = useState<ApiFailure | undefined>();
  const [view, setView] = useState<BuyerView>('concerts');
  const [concert, setConcert] = useState<ConcertSummary | undefined>(() => CHOSEN_CONCERT.read());

  const signIn = (next: BuyerSession | undefined, reason?: ApiFailure) => {
    keepSession(next);
    setSession(next);
    setSignedOutBy(reason);
  };

  const choose = (chosen: ConcertSummary | undefined) => {
    CHOSEN_CONCERT.write(chosen);
    setConcert(chosen);
  };

  const buyer = useMemo<Buyer | undefined>(() => {
    if (!session) return undefined;
    return {
      api: new BuyerApi(session.accessToken),
      session,
      failed: (error) => {
        const failure = failureOf(error);
        if (SIGNED_OUT.has(failure.code)) signIn(undefined, failure);
        return failure;
      },
      show: setView,
    };
  }, [session]);

  return (
    <>
      <a class="skip-link" href="#main">
        {t.skipToContent}
      </a>
      <header class="site-header">
        <div class="site-header-inner">
          <h1 class="site-title">{t.pageTitle}</h1>
          {session && (
            <div class="account">
              <span class="account-name">{t.signIn.signedInAs(shortId(session.userId))}</span>
              <button type="button" class="button button-small" onClick={() => signIn(undefined)}>
                {t.signIn.signOut}
              </button>
            </div>
          )}
        </div>
        {session && (
          <nav class="site-nav" aria-label={t.nav.label}>
            {(['concerts', 'tickets', 'wallet'] as const).map((item) => (
              <button key={item} type="button" class="nav-item" aria-current={view === item ? 'page' : undefined} onClick={() => setView(item)}>
                {t.nav[item]}
              </button>
            ))}
          </nav>
        )}
      </header>
      <main id="main" class="content">
        {!buyer ? (
          <SignInPanel onSignedIn={(next) => signIn(next)} reason={signedOutBy} />
        ) : (
          <BuyerContext.Provider value={buyer}>
            {view === 'concerts' && (concert ? <ConcertPage key={concert.concertId} concert={concert} onBack={() => choose(undefined)} /> : <ConcertList onChoose={choose} />)}
            {view === 'tickets' && <MyTickets />}
            {view === 'wallet' && <WalletPanel />}
          </BuyerContext.Provider>
        )}
      </main>
    </>
  );
}
