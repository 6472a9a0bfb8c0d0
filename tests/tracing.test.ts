// Traces from a real API and a real worker-only process, exported over OTLP/HTTP to a receiver the test runs: a job
// driven through its prompts (each answer resumes it) is one trace, its phases children of the createSkillJob
// operation, with the model calls (the fake chat-completions server) and the commits inside the phases; and nothing
// a person or the model wrote is in any attribute. Without an OTLP endpoint the process never loads the SDK.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startService, type ServiceProcess } from '../harness/service-process';
import { createTestDatabase, type TestDatabase } from './helpers/database';
import { startFakeLlm, type FakeProvider } from './helpers/fake-llm';
import { authorMethodOf } from './helpers/fake-author';
import { fakeModel } from './helpers/fake-model';
import { goodAnswers } from './helpers/hitl';
import { post } from './helpers/http';
import { startOtlpReceiver, type OtlpReceiver, type ReceivedSpan } from './helpers/otlp-receiver';
import { waitForJob } from './helpers/services';

const MARKER = 'QUOKKA-5521';
const OVERLOADED = `the model is overloaded right now, ${MARKER}`;
const TASK = `a skill for reviewing database migrations before deploys (${MARKER})`;
const CREATE = `mutation CreateJob($input: CreateSkillJobInput!) {
  createSkillJob(input: $input) { ... on CreateSkillJobSuccess { job { jobId } } ... on Error { code message } }
}`;
const RESPOND = `mutation Answer($input: RespondToHitlInput!) {
  respondToHitl(input: $input) { __typename ... on Error { code message } }
}`;
/** Clarifying questions only: the job pauses, is answered and resumes, then runs to its end. */
const POLICY = { clarify: true, confirm: false, preview: false, validate: false, tdd: false };
const FINISHED = new Set(['COMPLETED', 'PENDING_REVIEW', 'FAILED', 'CANCELLED']);
const HOOK = path.resolve(import.meta.dirname, 'helpers', 'record-imports.mjs');

const SERVER = 2;
const CLIENT = 3;
const ERROR = 2;

function tracingEnv(receiver: OtlpReceiver): Record<string, string> {
  return { OTEL_EXPORTER_OTLP_ENDPOINT: receiver.url, OTEL_BSP_SCHEDULE_DELAY: '100' };
}

/** Every string in the attributes of a span, its events and its resource. */
function attributeStrings(span: ReceivedSpan): string[] {
  const all = [span.attributes, span.resource, ...span.events.map((e) => e.attributes)];
  return all
    .flatMap((attributes) => Object.values(attributes).flat())
    .filter((v): v is string => typeof v === 'string');
}

describe('traces across the API and a worker', { timeout: 180_000 }, () => {
  let db: TestDatabase;
  let llm: FakeProvider;
  let receiver: OtlpReceiver;
  let api: ServiceProcess;
  let worker: ServiceProcess;
  let importsFile: string;
  /** What the fake model answered: model output, which must not reach a trace. */
  const answered: string[] = [];
  let failedOnce = false;

  beforeAll(async () => {
    db = await createTestDatabase();
    llm = await startFakeLlm();
    // The author, the agent under test and its judge.
    const model = fakeModel();
    llm.handle(async (request) => {
      // The first draft request fails (a 503 the client retries): a failed model-call span. Its body is model output.
      if (!failedOnce && authorMethodOf(request) === 'draft') {
        failedOnce = true;
        answered.push(OVERLOADED);
        return { status: 503, body: JSON.stringify({ error: { message: OVERLOADED } }) };
      }
      const step = await model.handler(request);
      if ('content' in step) answered.push(step.content);
      return step;
    });
    receiver = await startOtlpReceiver();
    importsFile = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'tracing-')), 'imports.txt');
    api = await startService(
      'api',
      { DATABASE_URL: db.url, RUN_WORKER: 'false', RECORD_IMPORTS_FILE: importsFile, ...tracingEnv(receiver) },
      { nodeArgs: ['--import', HOOK] },
    );
    worker = await startService('worker', {
      DATABASE_URL: db.url,
      LLM_BASE_URL: `${llm.url}/v1`,
      LLM_MODEL: 'test-model',
      LLM_SCENARIO_SAMPLES: '1',
      ...tracingEnv(receiver),
    });
  });

  afterAll(async () => {
    await Promise.all([api?.stop(), worker?.stop()]);
    await Promise.all([llm?.close(), receiver?.close()]);
    await db?.drop();
  });

  it('makes one trace of a job through its pause and resume, with phases, commits and model calls', async () => {
    const created = await post<{ createSkillJob: { job?: { jobId: string } } }>(
      api.url!,
      CREATE,
      { input: { taskDescription: TASK, hitl: POLICY } },
      'alice',
    );
    const jobId = created.body.data?.createSkillJob.job?.jobId;
    expect(jobId, created.text).toBeTypeOf('string');

    // Answer every prompt the job raises (each answer enqueues its next task from the API) until it ends.
    const sentAnswers: string[] = [];
    let responses = 0;
    for (;;) {
      const job = await waitForJob(db, jobId!, (j) => j.status === 'PENDING_HITL' || FINISHED.has(j.status), {
        timeoutMs: 60_000,
        description: 'a prompt or the end',
      });
      if (FINISHED.has(job.status)) {
        expect(job.status, job.error ?? '').toMatch(/COMPLETED|PENDING_REVIEW/);
        break;
      }
      const pending = await db.prisma.hitlInteraction.findFirstOrThrow({ where: { jobId, status: 'PENDING' } });
      const input = goodAnswers(pending);
      sentAnswers.push(...(input.answers ?? []).flatMap((a) => (a.text ? [a.text] : [])));
      const result = await post<{ respondToHitl: { __typename: string } }>(api.url!, RESPOND, { input }, 'alice');
      expect(result.body.data?.respondToHitl.__typename, result.text).toBe('RespondToHitlSuccess');
      responses++;
    }
    expect(responses).toBeGreaterThanOrEqual(1);
    expect(sentAnswers.length).toBeGreaterThanOrEqual(1);

    const finalPhase = (spans: ReceivedSpan[]) =>
      spans.some(
        (s) =>
          s.name.startsWith('phase ') &&
          s.attributes['skills_fleet.job.id'] === jobId &&
          /completed|review/.test(String(s.attributes['skills_fleet.outcome'])),
      );
    const spans = await receiver.waitFor(finalPhase, "the job's last phase span");

    // The createSkillJob operation: a server span with the GraphQL conventions' attributes, from the API process.
    const create = spans.find((s) => s.name === 'mutation CreateJob');
    expect(create).toBeDefined();
    expect(create!.kind).toBe(SERVER);
    expect(create!.attributes).toMatchObject({
      'graphql.operation.type': 'mutation',
      'graphql.operation.name': 'CreateJob',
      'skills_fleet.outcome': 'ok',
    });
    expect(create!.resource).toMatchObject({ 'service.name': 'skills-fleet', 'skills_fleet.process': 'api' });
    const answers = spans.filter((s) => s.name === 'mutation Answer');
    expect(answers).toHaveLength(responses);
    expect(answers[0]!.attributes).toMatchObject({ 'graphql.operation.name': 'Answer' });

    // Every phase of the job, before and after each resume, is a child of the createSkillJob operation, run by the
    // worker process.
    const trace = spans.filter((s) => s.traceId === create!.traceId);
    const phases = spans.filter((s) => s.name.startsWith('phase ') && s.attributes['skills_fleet.job.id'] === jobId);
    const phaseNames = new Set(phases.map((s) => s.attributes['skills_fleet.phase']));
    expect([...phaseNames]).toEqual(expect.arrayContaining(['TASK_REFINEMENT', 'DEEP_UNDERSTANDING', 'PROMOTION']));
    for (const phase of phases) {
      expect(phase.traceId).toBe(create!.traceId);
      expect(phase.parentSpanId).toBe(create!.spanId);
      expect(phase.resource).toMatchObject({ 'skills_fleet.process': 'worker' });
    }
    // More than one task ran the job (the pause ended one), and every one of them joined the trace.
    const paused = phases.filter((s) => s.attributes['skills_fleet.outcome'] === 'paused');
    expect(paused).toHaveLength(responses);

    // The commits and the model calls are inside the phases.
    const phaseIds = new Set(phases.map((s) => s.spanId));
    const commits = trace.filter((s) => s.name.startsWith('commit '));
    expect(commits).toHaveLength(phases.length);
    for (const commit of commits) {
      expect(phaseIds.has(commit.parentSpanId)).toBe(true);
      expect(commit.attributes['db.system.name']).toBe('postgresql');
    }
    const calls = trace.filter((s) => s.name === 'chat test-model');
    expect(calls).toHaveLength(llm.requests.length);
    for (const call of calls) {
      expect(call.kind).toBe(CLIENT);
      expect(phaseIds.has(call.parentSpanId)).toBe(true);
      expect(call.attributes).toMatchObject({ 'gen_ai.operation.name': 'chat', 'gen_ai.request.model': 'test-model' });
    }
    // The refused request: status ERROR, an exception event that names the error's kind; the retry succeeded.
    const [failed, ...others] = [...calls].sort((a, b) =>
      a.status.code === ERROR ? -1 : b.status.code === ERROR ? 1 : 0,
    );
    expect(failed!.status.code).toBe(ERROR);
    expect(failed!.attributes).toMatchObject({ 'skills_fleet.llm.purpose': 'draft', 'http.response.status_code': 503 });
    expect(failed!.events).toEqual([
      { name: 'exception', attributes: { 'exception.type': 'LLM_HTTP_ERROR', 'exception.message': 'LLM_HTTP_ERROR' } },
    ]);
    for (const call of others) {
      expect(call.status.code, call.attributes['skills_fleet.llm.purpose'] as string).not.toBe(ERROR);
      expect(call.attributes['gen_ai.usage.input_tokens']).toBeGreaterThan(0);
      expect(call.attributes['gen_ai.usage.output_tokens']).toBeGreaterThan(0);
    }
    expect([...new Set(calls.map((s) => s.attributes['skills_fleet.llm.purpose']))]).toEqual(
      expect.arrayContaining(['refine', 'ask', 'draft', 'agent', 'judge']),
    );
    // Spans from both processes share the job's trace id.
    expect(new Set(trace.map((s) => s.resource['skills_fleet.process']))).toEqual(new Set(['api', 'worker']));

    // Nothing user-authored or model-written in any attribute of any span.
    const forbidden = [MARKER, TASK, ...sentAnswers, ...answered];
    expect(answered.length).toBe(llm.requests.length);
    expect(failedOnce).toBe(true);
    for (const span of spans) {
      for (const value of attributeStrings(span)) {
        for (const text of forbidden) expect(value.includes(text), `${span.name}: ${value}`).toBe(false);
        expect(value.includes(MARKER), `${span.name}: ${value}`).toBe(false);
      }
    }

    // The API loaded the SDK and its exporter (what the test without tracing checks it does not).
    expect(fs.readFileSync(importsFile, 'utf8')).toMatch(/@opentelemetry\/exporter-trace-otlp-http\//);
  });
});

describe('stopping a traced process', { timeout: 120_000 }, () => {
  let db: TestDatabase;
  let receiver: OtlpReceiver;
  let api: ServiceProcess | undefined;

  beforeAll(async () => {
    db = await createTestDatabase();
    receiver = await startOtlpReceiver();
  });

  afterAll(async () => {
    await api?.stop();
    await receiver?.close();
    await db?.drop();
  });

  it('flushes the buffered spans on SIGTERM, within the stop budget', async () => {
    // A batch delay far beyond the test: only the flush at the stop can send the span.
    api = await startService('api', {
      DATABASE_URL: db.url,
      RUN_WORKER: 'false',
      OTEL_EXPORTER_OTLP_ENDPOINT: receiver.url,
      OTEL_BSP_SCHEDULE_DELAY: '600000',
    });
    const result = await post(api.url!, `query Jobs { jobs(first: 1) { totalCount } }`, undefined, 'alice');
    expect(result.status, result.text).toBe(200);
    expect(receiver.spans).toEqual([]);
    const started = Date.now();
    expect(await api.stop('SIGTERM', 15_000)).toBe(0);
    expect(Date.now() - started).toBeLessThan(15_000);
    const jobs = receiver.spans.filter((s) => s.name === 'query Jobs');
    expect(jobs).toHaveLength(1);
    expect(jobs[0]!.attributes).toMatchObject({ 'graphql.operation.type': 'query', 'skills_fleet.outcome': 'ok' });
    expect(jobs[0]!.resource['process.pid']).toBe(api.pid);
  });
});

describe('without an OTLP endpoint', { timeout: 120_000 }, () => {
  let db: TestDatabase;
  let api: ServiceProcess | undefined;

  beforeAll(async () => {
    db = await createTestDatabase();
  });

  afterAll(async () => {
    await api?.stop();
    await db?.drop();
  });

  it('runs a job without loading the OpenTelemetry SDK or any exporter', async () => {
    const importsFile = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'tracing-off-')), 'imports.txt');
    fs.writeFileSync(importsFile, '');
    // Every other OTEL_* variable set: only the endpoint turns tracing on.
    api = await startService(
      'api',
      {
        DATABASE_URL: db.url,
        RECORD_IMPORTS_FILE: importsFile,
        OTEL_EXPORTER_OTLP_ENDPOINT: undefined,
        OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: undefined,
        OTEL_SERVICE_NAME: 'skills-fleet-off',
        OTEL_BSP_SCHEDULE_DELAY: '100',
      },
      { nodeArgs: ['--import', HOOK] },
    );
    const created = await post<{ createSkillJob: { job?: { jobId: string } } }>(
      api.url!,
      CREATE,
      { input: { taskDescription: TASK, hitl: POLICY } },
      'alice',
    );
    const jobId = created.body.data?.createSkillJob.job?.jobId;
    expect(jobId, created.text).toBeTypeOf('string');
    await waitForJob(db, jobId!, (j) => j.status === 'PENDING_HITL', { timeoutMs: 60_000, description: 'a prompt' });
    const job = await db.prisma.job.findUniqueOrThrow({ where: { jobId } });
    expect(job.traceParent).toBeNull();
    expect(await api.stop()).toBe(0);

    const loaded = fs.readFileSync(importsFile, 'utf8').split('\n').filter(Boolean);
    // The API package only (prom-client loads it too): it does nothing without an SDK.
    expect(loaded.filter((url) => !url.includes('/@opentelemetry/api/'))).toEqual([]);
    expect(api.output()).not.toContain('tracing on');
  });
});
