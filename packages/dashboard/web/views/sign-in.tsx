/** Sign-in with a token (the one `npm start` prints, or one from `ripcord tokens create`). */
import type { JSX } from 'preact';
import { useState } from 'preact/hooks';
import { call, keepToken } from '../api.js';
import type { WhoAmI } from '../api-types.js';
import { ErrorBox } from '../components.js';

/** The sign-in form: the token is checked with `GET /v1/whoami`, then kept in session storage. */
export function SignIn(props: { onSignedIn: (who: WhoAmI) => void }): JSX.Element {
  const [token, setToken] = useState('');
  const [error, setError] = useState<Error | undefined>();
  const [busy, setBusy] = useState(false);
  const submit = (e: Event) => {
    e.preventDefault();
    setBusy(true);
    const t = token.trim();
    call<WhoAmI>('GET', '/v1/whoami', undefined, t).then(
      (who) => {
        if (who.role === 'sdk') {
          setBusy(false);
          setError(new Error('this is an SDK token: it can read configuration and send events, not use the dashboard'));
          return;
        }
        keepToken(t);
        props.onSignedIn(who);
      },
      (err: unknown) => {
        setBusy(false);
        setError(err instanceof Error ? err : new Error(String(err)));
      },
    );
  };
  return (
    <main id="main" class="sign-in">
      <h1>ripcord</h1>
      <p>
        Sign in with a token: the admin token `npm start` printed (also in ./.ripcord/admin-token), or one made with
        `ripcord tokens create`.
      </p>
      <form onSubmit={submit} aria-label="Sign in">
        <label for="token">Token</label>
        <input
          id="token"
          type="password"
          autoComplete="off"
          spellcheck={false}
          value={token}
          required
          onInput={(e) => setToken(e.currentTarget.value)}
        />
        <button type="submit" class="primary" disabled={busy || token.trim() === ''}>
          {busy ? 'Signing in…' : 'Sign in'}
        </button>
        <ErrorBox error={error} />
      </form>
      <p class="muted">The token is kept in this tab's session storage only, and sent as a header to this server.</p>
    </main>
  );
}
