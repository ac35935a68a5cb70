import { useState } from 'preact/hooks';
import { ApiError } from '../api/errors';
import { useSessionState } from '../session';

/** The only page without a key: one textbox, one button, and a wrong key explained in words. */
export function SignIn() {
  const { signIn } = useSessionState();
  const [key, setKey] = useState('');
  const [error, setError] = useState<string>();
  const [busy, setBusy] = useState(false);

  async function submit(e: Event) {
    e.preventDefault();
    setError(undefined);
    if (!key.trim()) return setError('Enter an API key to sign in.');
    setBusy(true);
    try {
      await signIn(key.trim());
    } catch (err) {
      setError(
        err instanceof ApiError && err.code === 'unauthorized'
          ? 'That API key was not accepted: it is wrong, revoked or expired. Check it and try again.'
          : err instanceof Error
            ? err.message
            : String(err),
      );
    } finally {
      setBusy(false);
    }
  }

  return (
    <main id="main" class="sign-in">
      <h1>pullwise</h1>
      <p class="muted">
        What Kubernetes will do with your images: effective pull policy, node behaviour, and the rules a workload
        breaks.
      </p>
      <form onSubmit={submit} class="card stack">
        <label for="api-key">API key</label>
        <input
          id="api-key"
          type="password"
          autoComplete="off"
          spellcheck={false}
          value={key}
          onInput={(e) => setKey(e.currentTarget.value)}
          aria-describedby="api-key-help"
        />
        <p id="api-key-help" class="muted small">
          Kept for this browser session only. The pages you see follow the key's scopes.
        </p>
        {error && (
          <div role="alert" class="alert">
            {error}
          </div>
        )}
        <button type="submit" disabled={busy}>
          Sign in
        </button>
      </form>
    </main>
  );
}
