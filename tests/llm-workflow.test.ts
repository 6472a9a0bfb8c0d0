// Whole jobs with the LLM author against a local fake chat-completions server (real HTTP on 127.0.0.1), and the
// promise that without LLM_BASE_URL nothing tries the network.
import net from 'node:net';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Job } from '../prisma/database';
import { makeAuthor } from '../resolvers/author';
import { LlmAuthor } from '../resolvers/author/llm';
import { OfflineAuthor } from '../resolvers/author/offline';
import type { TaskRefinement } from '../resolvers/author/types';
import { createSkillJob } from '../resolvers/jobs/create-skill-job';
import { silentLogger } from '../resolvers/logger';
import type { Services } from '../resolvers/services';
import type { Viewer } from '../resolvers/viewer';
import { createTestDatabase, type TestDatabase } from './helpers/database';
import { authorMethodOf, authorPayloadOf, offlineAnswerFor } from './helpers/fake-author';
import { startFakeLlm, type FakeProvider, type RecordedRequest, type Step } from './helpers/fake-llm';
import { makeTestServices, startTestWorker, waitForJob } from './helpers/services';
import { ALL_PROMPTS_OFF } from '../harness/job-policies';

const alice: Viewer = { userId: 'alice', isAdmin: false };
const FINISHED = new Set(['COMPLETED', 'PENDING_REVIEW', 'FAILED', 'CANCELLED']);
/** Jobs whose task contains this get answers that are not JSON. */
const MALFORMED = '[malformed]';

// ---------------------------------------------------------------------------------------------------------------
// The fake model: the offline author's answers as the JSON the prompt asks for (tests/helpers/fake-author.ts).

async function offlineAnswer(request: RecordedRequest): Promise<Step> {
  const payload = authorPayloadOf(request);
  if (payload.task.includes(MALFORMED))
    return { content: 'Sure! Here is the JSON you asked for: {"refinedTask": "x",' };
  const method = authorMethodOf(request);
  if (!method) throw new Error('the system prompt is not one of the LLM author methods');
  return { content: JSON.stringify(await offlineAnswerFor(method, payload)) };
}

// ---------------------------------------------------------------------------------------------------------------

describe('a whole job with the LLM author', () => {
  let fake: FakeProvider;
  let db: TestDatabase;
  let services: Services;
  let worker: Awaited<ReturnType<typeof startTestWorker>>;

  beforeAll(async () => {
    fake = await startFakeLlm();
    fake.handle(offlineAnswer);
    db = await createTestDatabase();
    const author = makeAuthor(
      { llm: { baseUrl: `${fake.url}/v1`, model: 'test-model', apiKey: 'test-key', timeoutMs: 10_000 } },
      silentLogger,
    );
    services = makeTestServices(db, { author, settings: { phaseMaxAttempts: 1 } });
    worker = await startTestWorker(db, services);
  });

  afterAll(async () => {
    await worker?.close();
    await db?.drop();
    await fake?.close();
  });

  async function runToEnd(taskDescription: string): Promise<Job> {
    const job = await createSkillJob(services, alice, { taskDescription, hitl: ALL_PROMPTS_OFF });
    return waitForJob(db, job.jobId, (j) => FINISHED.has(j.status), { description: 'the end' });
  }

  const requestsFor = (task: string) => fake.requests.filter((r) => authorPayloadOf(r).task === task);

  it('makeAuthor with an LLM configured returns the LLM author', () => {
    expect(services.author).toBeInstanceOf(LlmAuthor);
    expect(services.author.name).toBe('llm');
  });

  it('runs from start to COMPLETED with a promoted skill, one chat completion per author call', async () => {
    const task = 'a skill for writing safe Postgres migrations';
    const done = await runToEnd(task);
    expect(done.status, `${done.error ?? ''}`).toBe('COMPLETED');
    expect(done.validationPassed).toBe(true);
    expect(done.promoted).toBe(true);
    const skill = await db.prisma.skill.findUniqueOrThrow({ where: { name: done.skillName! } });
    expect(skill).toMatchObject({ status: 'ACTIVE', version: '1.0.0', jobId: done.jobId, content: done.draftContent });
    expect(skill.content.startsWith(`---\nname: ${done.skillName}\n`)).toBe(true);

    const requests = requestsFor(task);
    expect(requests.map(authorMethodOf)).toEqual(['refine', 'understand', 'scenarios', 'draft', 'refactor', 'assess']);
    for (const request of requests) {
      expect(request.url).toBe('/v1/chat/completions');
      expect(request.headers['authorization']).toBe('Bearer test-key');
      expect(request.body.model).toBe('test-model');
      expect(request.body.messages).toHaveLength(2); // no correction round was needed
    }
    // What the model answered is what the job stored.
    const refined = JSON.parse(((await offlineAnswer(requests[0]!)) as { content: string }).content) as TaskRefinement;
    expect(done).toMatchObject({
      skillName: refined.skillName,
      taxonomyPath: refined.taxonomyPath,
      skillDescription: refined.description,
    });
    const tdd = await db.prisma.tddWorkflowState.findUniqueOrThrow({ where: { jobId: done.jobId } });
    expect(tdd.rationalizationsIdentified).toEqual(authorPayloadOf(requests[3]!).scenarios?.rationalizations);
  });

  it('a model that never answers JSON fails the job with a readable error; the stack stays in errorStack', async () => {
    const task = `a skill for reviewing pull requests ${MALFORMED}`;
    const done = await runToEnd(task);
    expect(done.status).toBe('FAILED');
    expect(done.currentPhase).toBe('TASK_REFINEMENT');
    expect(done.error).toMatch(
      /^TASK_REFINEMENT failed after 1 attempt: LLM author: refine returned invalid output after 3 attempts: /,
    );
    expect(done.error).toContain('not valid JSON');
    expect(done.error).not.toContain('\n');
    expect(done.error).not.toMatch(/\bat .+:\d+:\d+/);
    expect(done.error).not.toContain('test-key');
    expect(done.errorStack).toMatch(/LlmAuthorError|invalid output/);
    expect(done.errorStack).toMatch(/\n\s+at /);
    // The author's own retries: three requests, each after the first carrying the correction.
    const requests = requestsFor(task);
    expect(requests.map(authorMethodOf)).toEqual(['refine', 'refine', 'refine']);
    expect(requests[2]!.body.messages.at(-1)?.content).toContain('Your previous answer was rejected');
    const failed = await db.prisma.jobEvent.findFirstOrThrow({
      where: { jobId: done.jobId, eventType: 'STATUS_CHANGED', status: 'FAILED' },
    });
    expect(failed.message).toContain(done.error!);
  });
});

describe('without LLM_BASE_URL', () => {
  let db: TestDatabase;
  const realFetch = globalThis.fetch;
  const realConnect = net.Socket.prototype.connect;

  beforeAll(async () => {
    db = await createTestDatabase();
  });

  afterEach(() => {
    globalThis.fetch = realFetch;
    net.Socket.prototype.connect = realConnect;
  });

  afterAll(async () => {
    await db?.drop();
  });

  it('makeAuthor returns the offline author', () => {
    const author = makeAuthor({ llm: undefined }, silentLogger);
    expect(author).toBeInstanceOf(OfflineAuthor);
    expect(author.name).toBe('offline');
    expect(makeAuthor({}, silentLogger)).toBeInstanceOf(OfflineAuthor);
  });

  it('a whole offline job makes no HTTP request and opens no connection except to the test PostgreSQL', async () => {
    const dbPort = Number(new URL(db.url).port);
    const fetchCalls: string[] = [];
    globalThis.fetch = (async (input: string | URL | Request) => {
      fetchCalls.push(String(input instanceof Request ? input.url : input));
      throw new Error('network access in an offline test');
    }) as typeof fetch;
    const connections: string[] = [];
    net.Socket.prototype.connect = function (this: net.Socket, ...args: unknown[]) {
      const [first, second] = args;
      if (typeof first === 'object' && first !== null) {
        const options = first as { port?: number | string; host?: string; path?: string };
        connections.push(options.path ?? `${options.host ?? 'localhost'}:${options.port}`);
      } else if (typeof first === 'number' || (typeof first === 'string' && /^\d+$/.test(first))) {
        connections.push(`${typeof second === 'string' ? second : 'localhost'}:${first}`);
      } else connections.push(String(first));
      return (realConnect as (...a: unknown[]) => net.Socket).apply(this, args);
    } as typeof net.Socket.prototype.connect;

    const services = makeTestServices(db, { author: makeAuthor({ llm: undefined }, silentLogger) });
    const worker = await startTestWorker(db, services);
    try {
      const job = await createSkillJob(services, alice, {
        taskDescription: 'a skill for writing incident postmortems',
        hitl: ALL_PROMPTS_OFF,
      });
      const done = await waitForJob(db, job.jobId, (j) => FINISHED.has(j.status), { description: 'the end' });
      expect(done.status).toBe('COMPLETED');
    } finally {
      await worker.close();
    }
    expect(fetchCalls).toEqual([]);
    expect(connections.length).toBeGreaterThan(0); // the recorder works: the worker and waitForJob connected
    for (const target of connections)
      expect(target, target).toMatch(new RegExp(`:${dbPort}$|\\.s\\.PGSQL\\.${dbPort}$`));
  });
});
