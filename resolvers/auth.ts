// Identity: a JWT bearer token verified with AUTH_JWT_SECRET (HS256) or AUTH_JWKS_URL; `sub` is the user, a `roles`
// claim containing "admin" makes an admin. Without either setting the service runs in dev mode: every request is
// the user "local", or the x-user-id header when present. Production refuses dev mode (see config.ts).
import { createRemoteJWKSet, jwtVerify, type JWTPayload } from 'jose';
import type { Config } from './config';
import type { Viewer } from './viewer';

export class AuthenticationError extends Error {
  override name = 'AuthenticationError';
  readonly code = 'UNAUTHENTICATED';
}

export const DEV_USER = 'local';
const USER_ID = /^[\w.@:+-]{1,128}$/;

export interface Authenticator {
  devMode: boolean;
  /** `authorization` is the Authorization header (or connectionParams.authorization on WebSocket). */
  authenticate(credentials: { authorization?: string | null; userIdHeader?: string | null }): Promise<Viewer>;
}

export function makeAuthenticator(auth: Config['auth']): Authenticator {
  const secret = auth.jwtSecret ? new TextEncoder().encode(auth.jwtSecret) : null;
  const jwks = auth.jwksUrl ? createRemoteJWKSet(new URL(auth.jwksUrl)) : null;
  const devMode = !secret && !jwks;

  async function verify(token: string): Promise<JWTPayload> {
    const options = { issuer: auth.issuer, audience: auth.audience };
    try {
      if (secret) return (await jwtVerify(token, secret, { ...options, algorithms: ['HS256'] })).payload;
      return (await jwtVerify(token, jwks!, options)).payload;
    } catch {
      throw new AuthenticationError('invalid or expired token');
    }
  }

  return {
    devMode,
    async authenticate({ authorization, userIdHeader }) {
      if (devMode) {
        const userId = userIdHeader?.trim() || DEV_USER;
        if (!USER_ID.test(userId))
          throw new AuthenticationError('x-user-id must be 1..128 characters of letters, digits and ._@:+-');
        return { userId, isAdmin: userId === 'admin' };
      }
      const match = /^Bearer\s+(\S+)$/i.exec(authorization ?? '');
      if (!match) throw new AuthenticationError('missing bearer token');
      const payload = await verify(match[1]!);
      if (typeof payload.sub !== 'string' || !USER_ID.test(payload.sub))
        throw new AuthenticationError('token has no valid sub');
      const roles = Array.isArray(payload.roles) ? payload.roles : [];
      return { userId: payload.sub, isAdmin: roles.includes('admin') };
    },
  };
}
