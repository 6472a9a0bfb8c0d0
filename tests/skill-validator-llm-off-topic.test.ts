// Topicality with a model: a job whose LLM author (a fake chat-completions server on 127.0.0.1) drafts another
// subject under the task's name and description fails validation on topicality, goes back to TDD_REFACTOR to be
// refined with that message, and stops for a person instead of being promoted. The model answers every other call
// as the offline author would.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Job } from '../prisma/database';
import { makeAuthor } from '../resolvers/author';
import { createSkillJob } from '../resolvers/jobs/create-skill-job';
import { silentLogger } from '../resolvers/logger';
import type { Services } from '../resolvers/services';
import type { Viewer } from '../resolvers/viewer';
import { ALL_PROMPTS_OFF } from '../harness/job-policies';
import { presentedAs } from './helpers/body-measures';
import { createTestDatabase, type TestDatabase } from './helpers/database';
import { authorMethodOf, authorPayloadOf, offlineAnswerFor } from './helpers/fake-author';
import { startFakeLlm, type FakeProvider, type RecordedRequest, type Step } from './helpers/fake-llm';
import { runFlow } from './helpers/offline-author';
import { makeTestServices, startTestWorker, waitForJob } from './helpers/services';
import { VARIED_TASKS } from './helpers/varied-tasks';

const alice: Viewer = { userId: 'alice', isAdmin: false };
const FINISHED = new Set(['COMPLETED', 'PENDING_REVIEW', 'FAILED', 'CANCELLED']);
const TERRAFORM = VARIED_TASKS.find((t) => t.task.includes('Terraform'))!;
/** The body the model drafts instead: the offline author's Kafka capacity skill, another operations subject. */
const KAFKA = VARIED_TASKS.find((t) => t.task.includes('Kafka'))!;

describe('an LLM-authored off-topic draft', () => {
  let fake: FakeProvider;
  let db: TestDatabase;
  let services: Services;
  let worker: Awaited<ReturnType<typeof startTestWorker>>;
  let otherBody: string;

  /** Every call as the offline author answers it, except the draft: the Kafka body under the job's frontmatter. */
  async function answer(request: RecordedRequest): Promise<Step> {
    const method = authorMethodOf(request);
    if (!method) throw new Error('the system prompt is not one of the LLM author methods');
    const payload = authorPayloadOf(request);
    const own = (await offlineAnswerFor(method, payload)) as { content?: string };
    if (method !== 'draft' && method !== 'refactor') return { content: JSON.stringify(own) };
    return { content: JSON.stringify({ ...own, content: presentedAs(otherBody, own.content!) }) };
  }

  beforeAll(async () => {
    otherBody = (await runFlow(KAFKA)).refactored.content;
    fake = await startFakeLlm();
    fake.handle(answer);
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

  it('fails validation on topicality naming the missing subject, is refined with that message, and is not promoted', async () => {
    const job = await createSkillJob(services, alice, { taskDescription: TERRAFORM.task, hitl: ALL_PROMPTS_OFF });
    const done: Job = await waitForJob(db, job.jobId, (j) => FINISHED.has(j.status), { description: 'the end' });
    expect(done).toMatchObject({ status: 'PENDING_REVIEW', validationPassed: false, promoted: false });
    expect(done.draftContent).toContain('# Planning Capacity for a Kafka Cluster');
    expect(done.draftContent!.startsWith(`---\nname: ${done.skillName}\n`)).toBe(true);

    const reports = await db.prisma.validationReport.findMany({
      where: { jobId: done.jobId },
      orderBy: { attempt: 'asc' },
    });
    expect(reports.map((r) => [r.attempt, r.passed])).toEqual([
      [1, false],
      [2, false],
      [3, false],
    ]);
    for (const report of reports) {
      const missing = report.errors.find((e) => e.startsWith('the body never addresses '));
      expect(missing).toMatch(/^the body never addresses 'terraform', 'destructive'/);
    }
    // The model was told why: each refactor after a failed attempt carries the topicality message.
    const refactors = fake.requests
      .filter((r) => authorPayloadOf(r).task === TERRAFORM.task && authorMethodOf(r) === 'refactor')
      .map((r) => authorPayloadOf(r).validationIssues ?? []);
    expect(
      refactors.slice(-2).map((issues) => issues.some((i) => i.startsWith("the body never addresses 'terraform'"))),
    ).toEqual([true, true]);
    // Each failed attempt but the last sent the draft back to TDD_REFACTOR, which refined it: the events say so.
    const started = await db.prisma.jobEvent.findMany({
      where: { jobId: done.jobId, eventType: 'PHASE_STARTED' },
      orderBy: { sequence: 'asc' },
    });
    expect(started.map((e) => e.phase).slice(-5)).toEqual([
      'VALIDATION',
      'TDD_REFACTOR',
      'VALIDATION',
      'TDD_REFACTOR',
      'VALIDATION',
    ]);
    expect(await db.prisma.skill.count({ where: { name: done.skillName! } })).toBe(0);
  });
});
