import { useState } from 'preact/hooks';
import { type ApiFailure, failureOf } from '../../api/api-error';
import { devSignIn } from '../../api/buyer-api';
import { FailureNotice } from '../../shared/ui/failure-notice';
import { useFocusOnMount } from '../../shared/ui/use-focus-on-mount';
import { type BuyerSession, lastTestUser, sessionOf, shortId } from '../buyer-session';
import { language, t } from '../locale';

/**
 * How a buyer signs in. Today: the dev issuer's sign-in (a test account, on for `npm start` and
 * the tests, refused in production).
 *
 * Real sign-in goes in the "Your account" section below: an OpenID Connect authorization-code flow
 * with PKCE against the provider the gateway trusts (AUTH_ISSUER), whose access token then stands
 * where the dev token stands now (BuyerSession). The page stays free of secrets: a public client.
 */
export function SignInPanel(props: { onSignedIn: (session: BuyerSession) => void; reason?: ApiFailure }) {
  const heading = useFocusOnMount<HTMLHeadingElement>();
  const [busy, setBusy] = useState(false);
  const [failure, setFailure] = useState<ApiFailure | undefined>(props.reason);
  const previous = lastTestUser();

  const signIn = async (userId?: string) => {
    setBusy(true);
    setFailure(undefined);
    try {
      props.onSignedIn(sessionOf(await devSignIn(userId), Date.now()));
    } catch (error) {
      setFailure(failureOf(error));
      setBusy(false);
    }
  };

  return (
    <section class="panel sign-in" aria-labelledby="sign-in-heading">
      <h2 id="sign-in-heading" tabIndex={-1} ref={heading}>
        {t.signIn.heading}
      </h2>
      <p>{t.signIn.intro}</p>
      <FailureNotice failure={failure} language={language} />
      <div class="sign-in-methods">
        <section class="sign-in-method" aria-labelledby="dev-sign-in-heading">
          <h3 id="dev-sign-in-heading">{t.signIn.devHeading}</h3>
          <p>{t.signIn.devExplained}</p>
          <button type="button" class="button button-primary" disabled={busy} onClick={() => void signIn()}>
            {busy ? t.signIn.signingIn : t.signIn.devButton}
          </button>
          {previous && (
            <button type="button" class="button" disabled={busy} onClick={() => void signIn(previous)}>
              {t.signIn.devAgain(shortId(previous))}
            </button>
          )}
        </section>
        {/* The place of the identity provider's sign-in (OpenID Connect), once the system has one. */}
        <section class="sign-in-method sign-in-provider" aria-labelledby="provider-sign-in-heading">
          <h3 id="provider-sign-in-heading">{t.signIn.providerHeading}</h3>
          <p>{t.signIn.providerPending}</p>
        </section>
      </div>
    </section>
  );
}
