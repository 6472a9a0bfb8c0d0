// Identity with AUTH_JWT_SECRET: HS256 bearer tokens signed with jose; `sub` is the user, roles ["admin"] an admin.
// Every refusal is a 401 with a GraphQL error and no stack trace.
import { SignJWT } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeAuthenticator } from '../resolvers/auth';
import type { App } from '../schema/app';
import { createTestDatabase, type TestDatabase } from './helpers/database';
import { gql, insertJob, makeTestApp } from './helpers/graphql';
import { makeTestServices } from './helpers/services';

const SECRET = 'x'.repeat(32);
const key = (secret: string) => new TextEncoder().encode(secret);

let db: TestDatabase;
let app: App;
let strictApp: App;

beforeAll(async () => {
  db = await createTestDatabase();
  const services = makeTestServices(db);
  app = makeTestApp(services, { authenticator: makeAuthenticator({ jwtSecret: SECRET }) });
  strictApp = makeTestApp(services, {
    authenticator: makeAuthenticator({ jwtSecret: SECRET, issuer: 'https://issuer.example', audience: 'skills-fleet' }),
  });
});

afterAll(async () => {
  await db?.drop();
});

async function token(
  claims: { sub?: string; roles?: unknown; iss?: string; aud?: string; exp?: number | string },
  secret = SECRET,
): Promise<string> {
  let jwt = new SignJWT(claims.roles === undefined ? {} : { roles: claims.roles })
    .setProtectedHeader({ alg: 'HS256' })
    .setIssuedAt();
  if (claims.sub) jwt = jwt.setSubject(claims.sub);
  if (claims.iss) jwt = jwt.setIssuer(claims.iss);
  if (claims.aud) jwt = jwt.setAudience(claims.aud);
  jwt = jwt.setExpirationTime(claims.exp ?? '5m');
  return jwt.sign(key(secret));
}

const VIEWER = '{ viewer { userId isAdmin } }';
const bearer = (value: string) => ({ authorization: `Bearer ${value}` });

function expectRefused(response: Awaited<ReturnType<typeof gql>>, message: RegExp) {
  expect(response.status).toBe(401);
  expect(response.body.data ?? null).toBeNull();
  expect(response.body.errors).toHaveLength(1);
  expect(response.body.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
  expect(response.body.errors?.[0]?.message).toMatch(message);
  // Nothing about the server's insides.
  expect(response.text).not.toMatch(/\n\s+at |node_modules|\.ts:\d+|stack/);
}

describe('JWT bearer tokens', () => {
  it('a valid token names the user; roles ["admin"] makes an admin', async () => {
    const adminResponse = await gql(app, VIEWER, undefined, {
      headers: bearer(await token({ sub: 'carol', roles: ['admin', 'ops'] })),
    });
    expect(adminResponse.status).toBe(200);
    expect(adminResponse.body.data).toEqual({ viewer: { userId: 'carol', isAdmin: true } });
    const userResponse = await gql(app, VIEWER, undefined, {
      headers: bearer(await token({ sub: 'dave', roles: ['user'] })),
    });
    expect(userResponse.body.data).toEqual({ viewer: { userId: 'dave', isAdmin: false } });
    const noRoles = await gql(app, VIEWER, undefined, { headers: bearer(await token({ sub: 'erin' })) });
    expect(noRoles.body.data).toEqual({ viewer: { userId: 'erin', isAdmin: false } });
  });

  it('ignores the dev-mode x-user-id header', async () => {
    const response = await gql(app, VIEWER, undefined, {
      headers: { ...bearer(await token({ sub: 'dave' })), 'x-user-id': 'admin' },
    });
    expect(response.body.data).toEqual({ viewer: { userId: 'dave', isAdmin: false } });
    expectRefused(await gql(app, VIEWER, undefined, { user: 'admin' }), /missing bearer token/);
  });

  it('scopes data to the token subject', async () => {
    const job = await insertJob(db.prisma, { userId: 'carol' });
    const query = `query($id: ID!) { job(id: $id) { userId } }`;
    const own = await gql(app, query, { id: job.jobId }, { headers: bearer(await token({ sub: 'carol' })) });
    expect(own.body.data).toEqual({ job: { userId: 'carol' } });
    const other = await gql(app, query, { id: job.jobId }, { headers: bearer(await token({ sub: 'dave' })) });
    expect(other.body.data).toEqual({ job: null });
  });

  it('a missing token is a 401', async () => {
    expectRefused(await gql(app, VIEWER), /missing bearer token/);
    expectRefused(
      await gql(app, VIEWER, undefined, { headers: { authorization: 'Basic dXNlcjpwYXNz' } }),
      /missing bearer token/,
    );
  });

  it('a bad signature, a malformed, expired, unsigned or subject-less token is a 401', async () => {
    expectRefused(
      await gql(app, VIEWER, undefined, {
        headers: bearer(await token({ sub: 'carol', roles: ['admin'] }, 'y'.repeat(32))),
      }),
      /invalid or expired token/,
    );
    expectRefused(await gql(app, VIEWER, undefined, { headers: bearer('not.a.jwt') }), /invalid or expired token/);
    expectRefused(
      await gql(app, VIEWER, undefined, {
        headers: bearer(await token({ sub: 'carol', exp: Math.floor(Date.now() / 1000) - 60 })),
      }),
      /invalid or expired token/,
    );
    const [, payload] = (await token({ sub: 'carol', roles: ['admin'] })).split('.');
    const none = `${Buffer.from(JSON.stringify({ alg: 'none' })).toString('base64url')}.${payload}.`;
    expectRefused(await gql(app, VIEWER, undefined, { headers: bearer(none) }), /invalid or expired token/);
    expectRefused(
      await gql(app, VIEWER, undefined, { headers: bearer(await token({ roles: ['admin'] })) }),
      /no valid sub/,
    );
    expectRefused(
      await gql(app, VIEWER, undefined, { headers: bearer(await token({ sub: 'bad user!' })) }),
      /no valid sub/,
    );
  });

  it('checks issuer and audience when configured', async () => {
    const good = await token({ sub: 'carol', iss: 'https://issuer.example', aud: 'skills-fleet' });
    expect((await gql(strictApp, VIEWER, undefined, { headers: bearer(good) })).body.data).toEqual({
      viewer: { userId: 'carol', isAdmin: false },
    });
    expectRefused(
      await gql(strictApp, VIEWER, undefined, {
        headers: bearer(await token({ sub: 'carol', iss: 'https://evil.example', aud: 'skills-fleet' })),
      }),
      /invalid/,
    );
    expectRefused(
      await gql(strictApp, VIEWER, undefined, {
        headers: bearer(await token({ sub: 'carol', iss: 'https://issuer.example', aud: 'other' })),
      }),
      /invalid/,
    );
  });

  it('mutations are refused without a token, and nothing is written', async () => {
    const before = await db.prisma.job.count();
    const response = await gql(
      app,
      `mutation { createSkillJob(input: { taskDescription: "a skill about safe migrations" }) { __typename } }`,
    );
    expectRefused(response, /missing bearer token/);
    expect(await db.prisma.job.count()).toBe(before);
  });
});
