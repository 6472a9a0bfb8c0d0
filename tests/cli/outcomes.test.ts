// Exit codes that need the service to misbehave or be interrupted: a failed job (the LLM author's endpoint refuses),
// a job cancelled while it is watched, a WebSocket dropped mid-watch (resumed without a repeated or missing event),
// and credentials refused by a server with JWT auth.
import { SignJWT } from 'jose';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startFakeLlm, type FakeProvider, type Step } from '../helpers/fake-llm';
import { readJob, runCli, spawnCli, startCliServer, startRelay, type CliServer } from './support';

let llm: FakeProvider;
let server: CliServer;
let env: Record<string, string>;
/** Releases the LLM requests a test holds (with a refusal, so the phase fails at once). */
let releaseHeld: (() => void) | null = null;

beforeAll(async () => {
  llm = await startFakeLlm();
  // One attempt per phase: a refused LLM request fails the job at once.
  server = await startCliServer({ LLM_BASE_URL: `${llm.url}/v1`, LLM_MODEL: 'test-model', PHASE_MAX_ATTEMPTS: '1' });
  env = { SKILLS_FLEET_URL: server.url };
}, 90_000);
afterEach(() => {
  releaseHeld?.();
  releaseHeld = null;
  llm.reset();
});
afterAll(async () => {
  await server?.close();
  await llm?.close();
});

const REFUSED: Step = { status: 400, body: '{"error":{"message":"test provider refuses"}}' };

/** Every LLM request waits until the test releases it. */
function holdLlm(): void {
  let release!: () => void;
  const gate = new Promise<void>((resolve) => (release = resolve));
  releaseHeld = release;
  llm.handle(async () => {
    await gate;
    return REFUSED;
  });
}

const eventsOf = async (jobId: string) => (await readJob(server, jobId)).events;

const TASK = 'a skill that teaches an agent to write database migrations';

describe('exit codes of watch', { timeout: 180_000 }, () => {
  it('1 when the job fails, with the reason', async () => {
    llm.handle(() => REFUSED);
    const run = await runCli(['create', TASK, '--no-prompts', '--watch'], env);
    expect(run.code).toBe(1);
    expect(run.stdout).toMatch(/Job [0-9a-f-]{36} failed: TASK_REFINEMENT failed after 1 attempt/);
    const jobId = /Created job ([0-9a-f-]{36})/.exec(run.stdout)![1]!;
    const retried = await runCli(['retry', jobId], env);
    expect(retried.code).toBe(0);
    expect(retried.stdout).toBe(`Job ${jobId} is queued again (PENDING).\n`);
    expect((await runCli(['watch', jobId], env)).code).toBe(1); // the endpoint still refuses
  });

  it('3 when the job is cancelled while it is watched', async () => {
    holdLlm();
    const watch = spawnCli(['create', TASK, '--no-prompts', '--watch'], env);
    await watch.waitForStdout(/PHASE_STARTED TASK_REFINEMENT started/);
    const jobId = /Created job ([0-9a-f-]{36})/.exec(watch.stdout())![1]!;
    const cancel = await runCli(['cancel', jobId, '--reason', 'changed my mind'], env);
    expect(cancel.code).toBe(0);
    const run = await watch.finished();
    expect(run.code).toBe(3);
    expect(run.stdout).toContain(`Job ${jobId} was cancelled.`);
  });

  it('130 on Ctrl-C (SIGINT) while watching: one line saying the job goes on, and the job is untouched', async () => {
    holdLlm();
    const watch = spawnCli(['create', TASK, '--no-prompts', '--watch'], env);
    await watch.waitForStdout(/PHASE_STARTED TASK_REFINEMENT started/);
    const jobId = /Created job ([0-9a-f-]{36})/.exec(watch.stdout())![1]!;
    watch.child.kill('SIGINT');
    const run = await watch.finished();
    expect(run.code).toBe(130);
    expect(run.stderr).toBe(
      `Stopped watching; job ${jobId} goes on. Follow it again with: skills-fleet watch ${jobId}\n`,
    );
    const show = await runCli(['show', jobId, '--json'], env);
    expect(JSON.parse(show.stdout)).toMatchObject({ job: { status: 'RUNNING' } });
  });

  it('resumes after the WebSocket is dropped mid-watch: every event exactly once, in order', async () => {
    holdLlm();
    const relay = await startRelay(server.url);
    try {
      const watch = spawnCli(['create', TASK, '--no-prompts', '--watch', '--jsonl'], { SKILLS_FLEET_URL: relay.url });
      await watch.waitForStdout(/"type":"PHASE_STARTED"/);
      relay.cut();
      // The job goes on only after the cut, so its last events reach the CLI over the new connection.
      await waitForStderr(watch, /resuming after event #3/);
      releaseHeld!();
      const run = await watch.finished();
      expect(run.code).toBe(1);
      const jobId = /Created job ([0-9a-f-]{36})/.exec(run.stderr)![1]!;
      const lines = run.stdout
        .trim()
        .split('\n')
        .map((line) => JSON.parse(line) as Record<string, unknown>);
      const events = await eventsOf(jobId);
      expect(events.length).toBeGreaterThan(3);
      expect(lines).toEqual(events);
    } finally {
      await relay.close();
    }
  });
});

function waitForStderr(cli: ReturnType<typeof spawnCli>, pattern: RegExp, timeoutMs = 20_000): Promise<void> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no ${pattern} on stderr: ${cli.stderr()}`)), timeoutMs);
    const onData = () => {
      if (!pattern.test(cli.stderr())) return;
      clearTimeout(timer);
      cli.child.stderr!.off('data', onData);
      resolve();
    };
    cli.child.stderr!.on('data', onData);
    onData();
  });
}

describe('with JWT auth configured', { timeout: 90_000 }, () => {
  const secret = 'a-test-secret-that-is-long-enough-for-hs256';
  let jwtServer: CliServer;
  beforeAll(async () => {
    jwtServer = await startCliServer({ AUTH_JWT_SECRET: secret });
  }, 90_000);

  it('a valid token is sent on HTTP and in the WebSocket connectionParams: the job is watched to COMPLETED', async () => {
    const token = await new SignJWT({})
      .setProtectedHeader({ alg: 'HS256' })
      .setSubject('carol')
      .setExpirationTime('5m')
      .sign(new TextEncoder().encode(secret));
    const run = await runCli(['create', TASK, '--no-prompts', '--watch', '--token', token], {
      SKILLS_FLEET_URL: jwtServer.url,
    });
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/STATUS_CHANGED RUNNING -> COMPLETED/);
  });
  afterAll(() => jwtServer?.close());

  it("a bad token is exit 6 with the server's reason in one line", async () => {
    const run = await runCli(['jobs'], { SKILLS_FLEET_URL: jwtServer.url, SKILLS_FLEET_TOKEN: 'not-a-jwt' });
    expect(run.code).toBe(6);
    expect(run.stderr).toMatch(/^skills-fleet: the server refused the credentials: .+\n$/);
    const missing = await runCli(['watch', '00000000-0000-4000-8000-000000000000'], {
      SKILLS_FLEET_URL: jwtServer.url,
    });
    expect(missing.code).toBe(6);
  });
});
