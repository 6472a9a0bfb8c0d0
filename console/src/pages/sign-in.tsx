// The sign-in screen of JWT mode: a bearer token, kept in sessionStorage (this tab only).
import { useState } from 'preact/hooks';

export function SignInPage(props: { reason?: string; onToken(token: string): void }) {
  const [token, setToken] = useState('');
  return (
    <main id="main" class="sign-in">
      <h1>Sign in to Skills Fleet</h1>
      {props.reason && (
        <p role="alert" class="error">
          {props.reason}
        </p>
      )}
      <form
        onSubmit={(e) => {
          e.preventDefault();
          const trimmed = token.trim().replace(/^Bearer\s+/i, '');
          if (trimmed) props.onToken(trimmed);
        }}
      >
        <label for="token">Access token (JWT)</label>
        <textarea id="token" rows={4} value={token} onInput={(e) => setToken(e.currentTarget.value)} />
        <button type="submit" class="primary">
          Sign in
        </button>
      </form>
    </main>
  );
}
