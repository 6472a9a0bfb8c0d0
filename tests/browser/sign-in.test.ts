// JWT mode: the console shows a sign-in screen that takes a token, keeps it in sessionStorage, sends it on HTTP and
// in the WebSocket's connectionParams, stays on the page it was opened at, and comes back to the sign-in screen on
// a 401 (a token the server no longer accepts). No dev-mode switcher in this mode.
import { SignJWT } from 'jose';
import { expect, it } from 'vitest';
import { expectNoSeriousAxeViolations, screenshot, UI_TIMEOUT_MS } from './helpers/console';
import { useConsoleSession } from './helpers/session';

const SECRET = 'a-test-secret-of-at-least-32-characters!';
const session = useConsoleSession({ AUTH_JWT_SECRET: SECRET });

function token(sub: string): Promise<string> {
  return new SignJWT({ roles: [] })
    .setProtectedHeader({ alg: 'HS256' })
    .setSubject(sub)
    .setExpirationTime('10m')
    .sign(new TextEncoder().encode(SECRET));
}

it('signs in with a token, uses it on HTTP and WebSocket, and asks again after a 401', async () => {
  const { page, problems } = await session.open(null);
  await page.goto(`${session.url}/inbox`);
  await page.getByRole('heading', { name: 'Sign in to Skills Fleet' }).waitFor({ timeout: UI_TIMEOUT_MS });
  await expectNoSeriousAxeViolations(page, 'sign-in');
  await screenshot(page, 'sign-in');
  await page.getByLabel('Access token (JWT)').fill(await token('grace'));
  await page.getByRole('button', { name: 'Sign in' }).click();

  await page.getByRole('heading', { name: 'Inbox' }).waitFor({ timeout: UI_TIMEOUT_MS });
  expect(new URL(page.url()).pathname).toBe('/inbox');
  await page.getByTestId('connection').filter({ hasText: 'Live' }).waitFor({ timeout: UI_TIMEOUT_MS });
  expect(await page.locator('.user').textContent()).toBe('grace');
  expect(await page.getByText('DEV MODE').count()).toBe(0);

  // The server stops accepting the token (here: one signed with another key): back to the sign-in screen.
  await page.evaluate(() => sessionStorage.setItem('skills-fleet.token', 'not-a-valid-token'));
  await page.reload();
  await page.getByRole('heading', { name: 'Sign in to Skills Fleet' }).waitFor({ timeout: UI_TIMEOUT_MS });
  expect(await page.getByRole('alert').textContent()).toContain('invalid or expired token');
  // The browser logs the refused request (401) as a console error; nothing else may be there.
  expect(problems.filter((p) => !p.includes('401'))).toEqual([]);
});
