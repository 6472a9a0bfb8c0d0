// Who the console speaks as. Dev mode (the server has no JWT settings): a user id sent as `x-user-id`, picked with
// the switcher. JWT mode: a bearer token typed on the sign-in screen. Both live in sessionStorage (this tab only)
// and go with every HTTP request and in the WebSocket's connectionParams.
export type Identity = { kind: 'dev'; userId: string } | { kind: 'token'; token: string } | { kind: 'none' };

const DEV_KEY = 'skills-fleet.dev-user';
const TOKEN_KEY = 'skills-fleet.token';

export function storedIdentity(): Identity {
  const token = sessionStorage.getItem(TOKEN_KEY);
  if (token) return { kind: 'token', token };
  const userId = sessionStorage.getItem(DEV_KEY);
  if (userId) return { kind: 'dev', userId };
  return { kind: 'none' };
}

export function storeIdentity(identity: Identity): void {
  sessionStorage.removeItem(TOKEN_KEY);
  sessionStorage.removeItem(DEV_KEY);
  if (identity.kind === 'token') sessionStorage.setItem(TOKEN_KEY, identity.token);
  if (identity.kind === 'dev') sessionStorage.setItem(DEV_KEY, identity.userId);
}

/** The credentials as headers (HTTP) or connectionParams (graphql-ws): the server reads the same names. */
export function credentials(identity: Identity): Record<string, string> {
  if (identity.kind === 'token') return { authorization: `Bearer ${identity.token}` };
  if (identity.kind === 'dev') return { 'x-user-id': identity.userId };
  return {};
}
