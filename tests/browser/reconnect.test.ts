// Scenario 4: the API process is restarted while a job runs (its WebSocket closed by the server, 1001). Events are
// written while the console is cut off; it reconnects to the new process on the same address and resumes from the
// last sequence it had: the timeline ends complete, in order, without duplicates.
import { afterAll, beforeAll, expect, it } from 'vitest';
import { startService, type ServiceProcess } from '../../harness/service-process';
import { respondToHitl } from '../../resolvers/hitl/respond-to-hitl';
import { freePort } from '../chaos/network';
import { createTestDatabase, type TestDatabase } from '../helpers/database';
import { makeTestServices } from '../helpers/services';
import { createJobAs } from './helpers/api';
import { CLARIFY_TEXT } from './helpers/answers';
import { screenshot, UI_TIMEOUT_MS, waitForPrompt, waitForStatus } from './helpers/console';
import { useBrowser } from './helpers/session';

const session = useBrowser();
let db: TestDatabase;
let worker: ServiceProcess;
const apis: ServiceProcess[] = [];

beforeAll(async () => {
  db = await createTestDatabase();
  worker = await startService('worker', { DATABASE_URL: db.url, WORKER_HEARTBEAT_SECONDS: '1' });
});
afterAll(async () => {
  for (const api of apis) await api.stop();
  await worker?.stop();
  await db?.drop();
});

it('resumes the timeline from the last sequence across an API restart', async () => {
  const port = await freePort();
  const startApi = async () => {
    const api = await startService('api', { DATABASE_URL: db.url, RUN_WORKER: 'false', PORT: String(port) });
    apis.push(api);
    return api;
  };
  const url = (await startApi()).url!;
  const jobId = await createJobAs(url, 'dana', 'a skill that teaches an agent to write safe Postgres migrations', {
    preview: false,
  });
  const { page, problems } = await session.open('dana');
  // What the console asks for (afterSequence of each jobEvents subscribe) and every event sequence it is sent.
  const asked: number[] = [];
  const received: number[] = [];
  page.on('websocket', (socket) => {
    socket.on('framesent', ({ payload }) => {
      const message = JSON.parse(String(payload)) as {
        type: string;
        payload?: { query?: string; variables?: { afterSequence?: number } };
      };
      if (message.type === 'subscribe' && message.payload?.query?.includes('jobEvents'))
        asked.push(message.payload.variables!.afterSequence!);
    });
    socket.on('framereceived', ({ payload }) => {
      const message = JSON.parse(String(payload)) as {
        type: string;
        payload?: { data?: { jobEvents?: { sequence: number } } };
      };
      const sequence = message.payload?.data?.jobEvents?.sequence;
      if (message.type === 'next' && sequence !== undefined) received.push(sequence);
    });
  });
  await page.goto(`${url}/jobs/${jobId}`);
  await waitForPrompt(page, /Waiting for you: Clarify/);
  await page.getByTestId('connection').filter({ hasText: 'Live' }).waitFor({ timeout: UI_TIMEOUT_MS });
  // Paused at CLARIFY: the log holds still; the timeline has shown all of it before the API goes away.
  const paused = await db.prisma.job.findUniqueOrThrow({ where: { jobId } });
  await page
    .locator(`[data-testid="timeline"] li[data-sequence="${paused.lastSequence}"]`)
    .waitFor({ timeout: UI_TIMEOUT_MS });
  const before = await page.locator('[data-testid="timeline"] li').count();
  expect(before).toBe(paused.lastSequence);

  await apis[0]!.stop();
  await page.getByTestId('connection').filter({ hasText: 'Reconnecting' }).waitFor({ timeout: UI_TIMEOUT_MS });
  // While no API runs: the prompt is answered (as another API process would) and the worker goes on to CONFIRM.
  const services = makeTestServices(db);
  const [clarify] = await db.prisma.hitlInteraction.findMany({ where: { jobId, status: 'PENDING' } });
  await respondToHitl(
    services,
    { userId: 'dana', isAdmin: false },
    {
      interactionId: clarify!.interactionId,
      action: 'PROCEED',
      answers: Object.entries(CLARIFY_TEXT).map(([questionId, text]) => ({ questionId, text })),
    },
  );
  await screenshot(page, 'scenario4-disconnected');
  await startApi();

  // Back: the missed events are replayed, CONFIRM is answered in the console, the rest arrives live.
  await waitForPrompt(page, /Waiting for you: Confirm/);
  await page.getByTestId('connection').filter({ hasText: 'Live' }).waitFor({ timeout: UI_TIMEOUT_MS });
  await page.getByRole('button', { name: 'Approve' }).click();
  await waitForStatus(page, 'COMPLETED');
  await page.locator('[data-testid="timeline-state"]', { hasText: 'whole log' }).waitFor({ timeout: UI_TIMEOUT_MS });
  await screenshot(page, 'scenario4-completed');

  const shown = await page
    .locator('[data-testid="timeline"] li')
    .evaluateAll((items) => items.map((item) => Number(item.getAttribute('data-sequence'))));
  const stored = await db.prisma.jobEvent.findMany({ where: { jobId }, orderBy: { sequence: 'asc' } });
  expect(before).toBeGreaterThan(0);
  expect(shown.length).toBeGreaterThan(before);
  expect(shown).toEqual(stored.map((event) => event.sequence));
  // Resumed, not replayed: the second subscribe asked for what came after the last event shown, and no event was
  // sent twice.
  expect(asked).toEqual([0, before]);
  expect(received).toEqual(shown);
  expect(await page.locator('[data-testid="timeline"] [role="alert"], section .error').count()).toBe(0);
  expect(problems.filter((p) => !p.includes('WebSocket'))).toEqual([]);
});
