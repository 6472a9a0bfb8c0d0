// The signed-in session the pages use: who (viewer), how to ask (request), the live connection, and whether the
// server runs in dev mode (then the header shows the user switcher). Found once at start by asking `viewer` without
// credentials: dev mode answers, JWT mode answers 401.
import { createContext } from 'preact';
import { useContext } from 'preact/hooks';
import type { JobStatus, WorkflowPhase } from '../graphql/graphql';
import type { Request } from './http';
import type { Identity } from './identity';
import type { ConnectionState, Live } from './live';

export interface Session {
  identity: Identity;
  viewer: { userId: string; isAdmin: boolean };
  /** The phases and statuses in their order, as the API lists them (workflowPhases, jobStatuses). */
  workflow: { phases: readonly WorkflowPhase[]; statuses: readonly JobStatus[] };
  devMode: boolean;
  request: Request;
  live: Live;
  connection: ConnectionState;
  switchIdentity(identity: Identity): void;
}

export const SessionContext = createContext<Session | null>(null);

export function useSession(): Session {
  const session = useContext(SessionContext);
  if (!session) throw new Error('useSession outside the signed-in app');
  return session;
}
