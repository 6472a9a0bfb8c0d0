// What a missing page, or a job or skill that does not exist or is not yours, shows (the API does not say which).
import { Link } from '../lib/router';

export function NotFound(props: { what?: string; detail?: string }) {
  return (
    <main id="main">
      <h1>Not found</h1>
      <p data-testid="not-found">
        {props.what ? `No such ${props.what}, or it is not yours.` : 'There is no page here.'}
        {props.detail ? ` (${props.detail})` : ''}
      </p>
      <p>
        <Link href="/jobs">Back to the jobs</Link>
      </p>
    </main>
  );
}
