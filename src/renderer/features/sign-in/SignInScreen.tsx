import { useEffect, useRef, useState, type FormEvent, type ReactNode } from 'react';
import { useAppStore } from '../../store/store-context.js';
import { FormError } from '../../components/FormError.js';

/**
 * Signs in with the one-time code of the link `hubkeeper serve` printed (taken from the URL and
 * redeemed at once), or with a hub token typed by the user.
 */
export function SignInScreen(): ReactNode {
  const route = useAppStore((state) => state.route);
  const session = useAppStore((state) => state.session);
  const signIn = useAppStore((state) => state.signIn);
  const navigate = useAppStore((state) => state.navigate);
  const [token, setToken] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | undefined>(undefined);
  const redeemed = useRef<string | undefined>(undefined);
  const code = route.screen === 'sign-in' ? route.code : undefined;

  useEffect(() => {
    if (code === undefined || redeemed.current === code) return;
    redeemed.current = code;
    setBusy(true);
    void signIn({ code }).then((problem) => {
      setBusy(false);
      setError(problem);
      // The code is spent either way: keep it out of the history and the address bar.
      navigate(problem === undefined ? { screen: 'library' } : { screen: 'sign-in', code: undefined }, { replace: true });
    });
  }, [code, signIn, navigate]);

  const submit = (event: FormEvent): void => {
    event.preventDefault();
    setBusy(true);
    void signIn({ token: token.trim() }).then((problem) => {
      setBusy(false);
      setError(problem);
      if (problem === undefined) navigate({ screen: 'library' }, { replace: true });
    });
  };

  const notice = session.phase === 'signed-out' ? session.message : undefined;

  return (
    <section className="sign-in" aria-labelledby="sign-in-title">
      <h1 id="sign-in-title">Sign in to HubKeeper</h1>
      {notice !== undefined && <p className="hint">{notice}</p>}
      {busy && code !== undefined ? (
        <p role="status">Signing in…</p>
      ) : (
        <>
          <p>
            Open the one-time sign-in link that <code>hubkeeper serve</code> printed when it started, or sign in with a token of
            this hub.
          </p>
          <form className="form" onSubmit={submit}>
            <label htmlFor="sign-in-token">Hub token</label>
            <input
              id="sign-in-token"
              type="password"
              autoComplete="off"
              placeholder="hf_…"
              value={token}
              onChange={(event) => setToken(event.target.value)}
              required
            />
            <button type="submit" className="primary" disabled={busy || token.trim() === ''}>
              Sign in
            </button>
          </form>
        </>
      )}
      <FormError message={error} />
    </section>
  );
}
