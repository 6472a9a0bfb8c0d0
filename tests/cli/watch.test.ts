// The CLI against the real service with the offline author: create and watch to each end state, answering
// prompts from --answers / --yes, and the exit codes scripts rely on.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readJob, runCli, startCliServer, unusedPort, writeJsonFile, type CliServer } from './support';

let server: CliServer;
let env: Record<string, string>;

beforeAll(async () => {
  server = await startCliServer();
  env = { SKILLS_FLEET_URL: server.url };
}, 90_000);
afterAll(() => server?.close());

const GOOD_CLARIFY = {
  answers: {
    problem: 'Agents write migrations that lock large tables for minutes and take production down during deploys.',
    success_criteria:
      'Every migration is reversible, runs without long locks, and is tested against a copy of production data.',
    constraints:
      'PostgreSQL 16 only, no downtime allowed, and migrations must run inside our existing deploy pipeline.',
    audience: 'expert',
    coverage: ['a concern of our own'],
  },
};

const jobOf = (jobId: string) => readJob(server, jobId);

const jobIdIn = (text: string) => /Created job ([0-9a-f-]{36})/.exec(text)?.[1] ?? '';

describe('skills-fleet create --watch', { timeout: 180_000 }, () => {
  it('--no-prompts runs to COMPLETED (exit 0), one plain line per event on a pipe', async () => {
    const run = await runCli(
      ['create', 'a skill that teaches an agent to write release notes', '--no-prompts', '--watch'],
      env,
    );
    expect(run.code).toBe(0);
    const jobId = jobIdIn(run.stdout);
    const job = await jobOf(jobId);
    expect(job.status).toBe('COMPLETED');
    const lines = run.stdout.split('\n').filter((l) => l.startsWith('#'));
    expect(lines.map((l) => Number(/^#(\d+) /.exec(l)?.[1]))).toEqual(job.events.map((e) => e.sequence));
    expect(lines.at(-1)).toMatch(/^#\d+ +100% COMPLETED PROMOTION STATUS_CHANGED/);
    expect(run.stdout).toContain(`Job ${jobId} completed`);
    expect(run.stdout).not.toMatch(/\x1b\[/); // no colours or cursor movement on a pipe
  });

  it("--jsonl prints the job events, one per line, equal to the job's event log", async () => {
    const run = await runCli(
      ['create', 'a skill that teaches an agent to triage flaky tests', '--no-prompts', '--watch', '--jsonl'],
      env,
    );
    expect(run.code).toBe(0);
    const events = run.stdout
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as unknown);
    const jobId = jobIdIn(run.stderr);
    expect(events).toEqual((await jobOf(jobId)).events);
    expect(events.at(-1)).toMatchObject({ type: 'STATUS_CHANGED', status: 'COMPLETED' });
  });

  it('--idempotency-key: the same key prints the same job id and queues no second job', async () => {
    const args = ['create', 'a skill for writing incident timelines', '--no-prompts', '--idempotency-key', 'k-42'];
    const first = await runCli(args, env);
    const second = await runCli(args, env);
    expect([first.code, second.code]).toEqual([0, 0]);
    expect(first.stdout).toMatch(/^[0-9a-f-]{36}\n$/);
    expect(second.stdout).toBe(first.stdout);
    const listed = await runCli(['jobs', '--search', 'incident timelines', '--json'], env);
    expect((JSON.parse(listed.stdout) as { jobs: Array<{ jobId: string }> }).jobs.map((j) => j.jobId)).toEqual([
      first.stdout.trim(),
    ]);
  });

  it('a default-policy job is answered from --answers (CLARIFY) and --yes (CONFIRM, PREVIEW) to COMPLETED', async () => {
    const answers = writeJsonFile({ CLARIFY: GOOD_CLARIFY });
    const run = await runCli(
      [
        'create',
        'a skill that teaches an agent to write safe Postgres migrations',
        '--watch',
        '--answers',
        answers,
        '--yes',
      ],
      env,
    );
    expect(run.code).toBe(0);
    const job = await jobOf(jobIdIn(run.stdout));
    expect(job.status).toBe('COMPLETED');
    expect(job.hitlInteractions.map(({ interactionType, status }) => ({ interactionType, status }))).toEqual([
      { interactionType: 'CLARIFY', status: 'RESPONDED' },
      { interactionType: 'CONFIRM', status: 'RESPONDED' },
      { interactionType: 'PREVIEW', status: 'RESPONDED' },
    ]);
    expect(run.stdout).toContain('Answered CLARIFY (round 1)');
    expect(run.stdout).toContain('Approved PREVIEW (round 1)');
  });

  it('exits 4 at a prompt nobody here can answer, printing the command; `answer` with --answers answers it', async () => {
    const run = await runCli(
      ['create', 'a skill for reviewing terraform plans', '--no-confirm', '--no-preview', '--watch'],
      env,
    );
    expect(run.code).toBe(4);
    const command = /Answer it with: (skills-fleet answer (\d+))/.exec(run.stdout);
    expect(command).not.toBeNull();
    const jobId = jobIdIn(run.stdout);
    expect((await jobOf(jobId)).status).toBe('PENDING_HITL');

    // Answers that miss a required question are not sent: still 4, and the missing ids are named.
    const partial = writeJsonFile({ CLARIFY: { answers: { problem: GOOD_CLARIFY.answers.problem } } });
    const missing = await runCli(['answer', command![2]!, '--answers', partial], env);
    expect(missing.code).toBe(4);
    expect(missing.stdout).toContain('required question(s) success_criteria, constraints');

    const inbox = await runCli(['inbox', '--json'], env);
    const waiting = JSON.parse(inbox.stdout) as { prompts: Array<{ interactionId: number; job: { jobId: string } }> };
    expect(waiting.prompts).toContainEqual(
      expect.objectContaining({ interactionId: Number(command![2]), job: expect.objectContaining({ jobId }) }),
    );

    const answered = await runCli(['answer', jobId, '--answers', writeJsonFile({ CLARIFY: GOOD_CLARIFY })], env);
    expect(answered.code).toBe(0);
    const watched = await runCli(['watch', jobId], env);
    expect(watched.code).toBe(0);
    expect((await jobOf(jobId)).status).toBe('COMPLETED');
  });

  it('exits 5 at PENDING_REVIEW (a skill of the same name exists) with what to do next; promote --overwrite publishes it', async () => {
    const task = 'a skill that teaches an agent to rotate leaked API keys';
    expect((await runCli(['create', task, '--no-prompts', '--watch'], env)).code).toBe(0);
    const second = await runCli(['create', task, '--no-prompts', '--watch'], env);
    expect(second.code).toBe(5);
    const jobId = jobIdIn(second.stdout);
    expect(second.stdout).toContain(`Publish it with: skills-fleet promote ${jobId} --overwrite`);
    expect((await jobOf(jobId)).status).toBe('PENDING_REVIEW');
    // Watching it again ends at once the same way; --json is one document with the events.
    const again = await runCli(['watch', jobId, '--json'], env);
    expect(again.code).toBe(5);
    const document = JSON.parse(again.stdout) as { exitCode: number; events: Array<{ sequence: number }> };
    expect(document.exitCode).toBe(5);
    expect(document.events.map((e) => e.sequence)).toEqual((await jobOf(jobId)).events.map((e) => e.sequence));
    const shown = await runCli(['show', jobId], env);
    expect(shown.stdout).toMatch(/status +PENDING_REVIEW/);
    expect(shown.stdout).toContain('TDD evidence');
    const reviews = await runCli(['jobs', '--status', 'PENDING_REVIEW', '--json'], env);
    expect((JSON.parse(reviews.stdout) as { jobs: Array<{ jobId: string }> }).jobs.map((j) => j.jobId)).toEqual([
      jobId,
    ]);

    const refused = await runCli(['promote', jobId], env);
    expect(refused.code).toBe(2);
    expect(refused.stderr.trim().split('\n')).toHaveLength(1);
    const promoted = await runCli(['promote', jobId, '--overwrite', '--json'], env);
    expect(promoted.code).toBe(0);
    const { skill } = JSON.parse(promoted.stdout) as { skill: { name: string; taxonomyPath: string } };
    expect(JSON.parse(promoted.stdout)).toMatchObject({ job: { status: 'COMPLETED' }, skill: { version: '1.1.0' } });

    // The published skill: listed, searchable, printed, and written under --out at its taxonomy path.
    const listed = await runCli(['skills', '--search', 'leaked keys', '--jsonl'], env);
    expect(listed.code).toBe(0);
    expect(
      listed.stdout
        .trim()
        .split('\n')
        .map((l) => (JSON.parse(l) as { name: string }).name),
    ).toContain(skill.name);
    const printed = await runCli(['skill', skill.name], env);
    expect(printed.stdout).toMatch(new RegExp(`^---\\nname: ${skill.name}\\n`));
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'skills-fleet-out-'));
    const written = await runCli(['skill', skill.name, '--out', dir], env);
    expect(written.code).toBe(0);
    expect(fs.readFileSync(path.join(dir, skill.taxonomyPath, 'SKILL.md'), 'utf8')).toBe(printed.stdout);
  });
});

describe('dev-mode identity', { timeout: 120_000 }, () => {
  it('--user is the x-user-id header: another user sees neither the job nor its prompt', async () => {
    const run = await runCli(
      ['create', 'a skill for writing onboarding guides', '--user', 'alice', '--no-preview'],
      env,
    );
    expect(run.code).toBe(0);
    const jobId = run.stdout.trim();
    const asAlice = await runCli(['jobs', '--json', '--user', 'alice'], env);
    expect((JSON.parse(asAlice.stdout) as { jobs: Array<{ jobId: string }> }).jobs.map((j) => j.jobId)).toEqual([
      jobId,
    ]);
    // --search is the API's text filter: the task's words match (any case), other words do not.
    const ids = async (text: string) => {
      const found = await runCli(['jobs', '--json', '--user', 'alice', '--search', text], env);
      return (JSON.parse(found.stdout) as { jobs: Array<{ jobId: string }> }).jobs.map((j) => j.jobId);
    };
    expect(await ids('ONBOARDING')).toEqual([jobId]);
    expect(await ids('terraform')).toEqual([]);
    const asBob = await runCli(['show', jobId, '--user', 'bob'], env);
    expect(asBob.code).toBe(2);
    expect(asBob.stderr).toBe(`skills-fleet: no job ${jobId} (or it is not yours)\n`);
    // Alice's watch (over the WebSocket, as alice) stops at her CLARIFY prompt.
    expect((await runCli(['watch', jobId, '--user', 'alice'], env)).code).toBe(4);
  });
});

describe('inbox', { timeout: 60_000 }, () => {
  it('lists the prompts waiting for me; with --yes (not a terminal) approves every review among them', async () => {
    const user = ['--user', 'dave'];
    const created = await runCli(
      ['create', 'a skill for writing changelogs', '--no-clarify', '--no-preview', ...user],
      env,
    );
    const jobId = created.stdout.trim();
    expect((await runCli(['watch', jobId, ...user], env)).code).toBe(4);
    const listed = await runCli(['inbox', ...user], env);
    expect(listed.stdout).toMatch(
      new RegExp(`CONFIRM +${jobId} +a skill for writing changelogs +skills-fleet answer \\d+`),
    );
    const approved = await runCli(['inbox', '--yes', '--json', ...user], env);
    expect(approved.code).toBe(0);
    expect(JSON.parse(approved.stdout)).toEqual({ answered: 1, waiting: 0 });
    expect((await runCli(['watch', jobId, ...user], env)).code).toBe(0);
    expect((await runCli(['inbox', ...user], env)).stdout).toBe('Nothing is waiting for you.\n');
  });
});

describe('errors', { timeout: 60_000 }, () => {
  it('a typed error of the server is one line with its field (exit 2)', async () => {
    const run = await runCli(['create', 'too short'], env);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/^skills-fleet: ValidationError: .+ \(field taskDescription\)\n$/);
  });

  it('a usage error is exit 2; an unreachable server is exit 6, one line, no stack', async () => {
    expect((await runCli(['jobs', '--limit', 'x'], env)).code).toBe(2);
    expect((await runCli(['frobnicate'], env)).code).toBe(2);
    const nowhere = `http://127.0.0.1:${await unusedPort()}/graphql`;
    const run = await runCli(['watch', 'some-job'], { SKILLS_FLEET_URL: nowhere });
    expect(run.code).toBe(6);
    expect(run.stderr).toBe(`skills-fleet: cannot reach the server at ${nowhere}: ECONNREFUSED\n`);
  });

  it('watching a job that does not exist is exit 2', async () => {
    const run = await runCli(['watch', '00000000-0000-4000-8000-000000000000'], env);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('no job 00000000-0000-4000-8000-000000000000');
  });
});
