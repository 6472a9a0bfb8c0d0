// The console's shell: finds out who the viewer is (and whether the server runs in dev mode), then the header
// (navigation, inbox count, identity, live-connection state) and the page of the current route. A 401 anywhere
// (an expired token) brings back the sign-in screen; signing in returns to the same page.
import { useEffect, useMemo, useState } from 'preact/hooks';
import { makeRequest, SignInRequired } from './api/http';
import { storedIdentity, storeIdentity, type Identity } from './api/identity';
import { makeLive, type ConnectionState } from './api/live';
import { ViewerQuery, WorkflowQuery } from './api/operations';
import { SessionContext, useSession as useContextSession, type Session } from './api/session';
import { Link, parseRoute, useLocation, type Route } from './lib/router';
import { useInbox } from './live/use-inbox';
import { InboxPage } from './pages/inbox';
import { JobPage } from './pages/job';
import { JobsPage } from './pages/jobs';
import { NewJobPage } from './pages/new-job';
import { NotFound } from './pages/not-found';
import { OperationsPage } from './pages/operations';
import { SignInPage } from './pages/sign-in';
import { SkillPage } from './pages/skill';
import { SkillsPage } from './pages/skills';

type Boot =
  | { state: 'checking' }
  | { state: 'sign-in'; reason?: string }
  | { state: 'ready'; viewer: Session['viewer']; workflow: Session['workflow']; devMode: boolean }
  | { state: 'error'; message: string };

export function App() {
  const [identity, setIdentity] = useState<Identity>(storedIdentity);
  const [boot, setBoot] = useState<Boot>({ state: 'checking' });
  const onSignInRequired = () => setBoot({ state: 'sign-in', reason: 'Your session has ended: sign in again.' });
  const request = useMemo(() => makeRequest(identity, onSignInRequired), [identity]);
  const live = useMemo(() => makeLive(identity, onSignInRequired), [identity]);
  useEffect(() => () => live.dispose(), [live]);

  useEffect(() => {
    let current = true;
    setBoot({ state: 'checking' });
    // One after the other: a refused token is reported once, by the first.
    request(ViewerQuery, {})
      .then(async ({ viewer }) => ({ viewer, ...(await request(WorkflowQuery, {})) }))
      .then(
        ({ viewer, workflowPhases, jobStatuses }) =>
          current &&
          setBoot({
            state: 'ready',
            viewer,
            workflow: { phases: workflowPhases, statuses: jobStatuses },
            devMode: identity.kind !== 'token',
          }),
        (error: unknown) => {
          if (!current) return;
          if (error instanceof SignInRequired)
            setBoot({ state: 'sign-in', reason: identity.kind === 'token' ? error.message : undefined });
          else setBoot({ state: 'error', message: error instanceof Error ? error.message : String(error) });
        },
      );
    return () => void (current = false);
  }, [request, identity]);

  const switchIdentity = (next: Identity) => {
    storeIdentity(next);
    setIdentity(next);
  };

  if (boot.state === 'checking')
    return (
      <main id="main" aria-busy="true">
        <p>Connecting…</p>
      </main>
    );
  if (boot.state === 'error')
    return (
      <main id="main">
        <h1>Skills Fleet</h1>
        <p role="alert" class="error">
          {boot.message}
        </p>
      </main>
    );
  if (boot.state === 'sign-in')
    return <SignInPage reason={boot.reason} onToken={(token) => switchIdentity({ kind: 'token', token })} />;
  return (
    <Shell
      key={`${identity.kind}:${boot.viewer.userId}`}
      base={{
        identity,
        viewer: boot.viewer,
        workflow: boot.workflow,
        devMode: boot.devMode,
        request,
        live,
        switchIdentity,
      }}
    />
  );
}

function Shell(props: { base: Omit<Session, 'connection'> }) {
  const [connection, setConnection] = useState<ConnectionState>('connecting');
  useEffect(() => props.base.live.onState(setConnection), [props.base.live]);
  const session: Session = { ...props.base, connection };
  const inbox = useInbox(props.base.live);
  const { pathname } = useLocation();
  const route = parseRoute(pathname);
  useEffect(() => {
    document.title = `${inbox.length > 0 ? `(${inbox.length}) ` : ''}${TITLES[route.page]} — Skills Fleet`;
  }, [inbox.length, route.page]);
  return (
    <SessionContext.Provider value={session}>
      <a class="skip-link" href="#main">
        Skip to content
      </a>
      <Header route={route} inboxCount={inbox.length} />
      <Page route={route} inbox={inbox} />
    </SessionContext.Provider>
  );
}

const TITLES: Record<Route['page'], string> = {
  jobs: 'Jobs',
  new: 'New job',
  job: 'Job',
  inbox: 'Inbox',
  skills: 'Skills',
  skill: 'Skill',
  operations: 'Operations',
  'not-found': 'Not found',
};

function Page(props: { route: Route; inbox: ReturnType<typeof useInbox> }) {
  const { route } = props;
  switch (route.page) {
    case 'jobs':
      return <JobsPage />;
    case 'new':
      return <NewJobPage />;
    case 'job':
      return <JobPage key={route.id} id={route.id} />;
    case 'inbox':
      return <InboxPage prompts={props.inbox} />;
    case 'skills':
      return <SkillsPage />;
    case 'skill':
      return <SkillPage key={route.name} name={route.name} />;
    case 'operations':
      return <OperationsPage />;
    case 'not-found':
      return <NotFound />;
  }
}

function Header(props: { route: Route; inboxCount: number }) {
  const session = useContextSession();
  const { viewer, devMode, connection } = session;
  const current = (pages: Array<Route['page']>) => (pages.includes(props.route.page) ? 'page' : undefined);
  return (
    <header class="site-header">
      <span class="brand">Skills Fleet</span>
      <nav aria-label="Main">
        <Link href="/jobs" aria-current={current(['jobs', 'job'])}>
          Jobs
        </Link>
        <Link href="/new" aria-current={current(['new'])}>
          New job
        </Link>
        <Link href="/inbox" aria-current={current(['inbox'])}>
          Inbox{props.inboxCount > 0 ? ` (${props.inboxCount})` : ''}
        </Link>
        <Link href="/skills" aria-current={current(['skills', 'skill'])}>
          Skills
        </Link>
        {viewer.isAdmin && (
          <Link href="/operations" aria-current={current(['operations'])}>
            Operations
          </Link>
        )}
      </nav>
      <span class={`connection connection-${connection}`} role="status" data-testid="connection">
        {connection === 'connected' ? 'Live' : connection === 'reconnecting' ? 'Reconnecting…' : 'Connecting…'}
      </span>
      {devMode ? <UserSwitcher /> : <span class="user">{viewer.userId}</span>}
    </header>
  );
}

const DEV_USER_ID = /^[\w.@:+-]{1,128}$/;

function UserSwitcher() {
  const { viewer, switchIdentity } = useContextSession();
  const [value, setValue] = useState(viewer.userId);
  const [invalid, setInvalid] = useState(false);
  return (
    <form
      class="user-switcher"
      onSubmit={(e) => {
        e.preventDefault();
        // The server's rule for x-user-id; anything else would be refused as unauthenticated.
        const userId = value.trim();
        setInvalid(!DEV_USER_ID.test(userId));
        if (DEV_USER_ID.test(userId)) switchIdentity({ kind: 'dev', userId });
      }}
    >
      <span class="dev-badge" title="The server runs without authentication: anyone can act as anyone">
        DEV MODE
      </span>
      <label for="dev-user">Act as user</label>
      <input
        id="dev-user"
        type="text"
        size={10}
        value={value}
        aria-invalid={invalid ? 'true' : undefined}
        title="1..128 letters, digits and ._@:+-"
        onInput={(e) => setValue(e.currentTarget.value)}
      />
      <button type="submit">Switch</button>
    </form>
  );
}
