// The interactive path through a real pseudo-terminal (util-linux `script`): questions asked one at a time (text,
// a select with "Other", a multi-select), a review approved after a REVISE with feedback, and Ctrl-C leaving the
// prompt pending with nothing sent.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { KEY, plain, readJob, runCli, spawnCliInPty, startCliServer, type CliServer } from './support';

let server: CliServer;
let env: Record<string, string>;

beforeAll(async () => {
  server = await startCliServer();
  // PAGER=cat: the long draft is shown through the pager and the prompt comes right after it.
  env = { SKILLS_FLEET_URL: server.url, PAGER: 'cat' };
}, 90_000);
afterAll(() => server?.close());

/** What was answered at each prompt, as the server stored it. */
interface Response {
  answers?: Array<{ questionId: string; text: string | null; optionIds: string[] }>;
  feedback?: string;
}

const jobOf = (jobId: string) => readJob(server, jobId);
const responseOf = (interaction: { responseData?: unknown }) => interaction.responseData as Response;
describe('skills-fleet in a terminal', { timeout: 120_000 }, () => {
  it('asks each question in place, then the review; REVISE asks for feedback; the job completes (exit 0)', async () => {
    const cli = spawnCliInPty(
      ['create', 'a skill that teaches an agent to write safe Postgres migrations', '--no-confirm', '--watch'],
      env,
    );
    await cli.expect(/What problem should this skill solve/);
    cli.send(KEY.enter); // a required question cannot be skipped, nor answered with blanks
    await cli.expect(/must provide a value/i);
    cli.send('   ' + KEY.enter);
    await cli.expect(/An answer is required/);
    cli.send('Agents write migrations that lock large tables for minutes and take production down.' + KEY.enter);
    await cli.expect(/How will you know the skill works/);
    cli.send('Every migration is reversible and runs without long locks on a copy of production data.' + KEY.enter);
    await cli.expect(/What constraints must the skill respect/);
    cli.send('PostgreSQL 16 only, no downtime allowed, inside our existing deploy pipeline.' + KEY.enter);
    await cli.expect(/Who will rely on this skill[\s\S]*Other \(type my own answer\)/);
    cli.send(KEY.down.repeat(3) + KEY.enter); // beginner, intermediate, expert, Other
    await cli.expect(/Your answer/);
    cli.send('platform engineers on call' + KEY.enter);
    await cli.expect(/Which areas of .+ should the skill cover/);
    cli.send(KEY.space + KEY.enter); // the first area
    await cli.expect(/Review the SKILL\.md draft[\s\S]*What now\?/);
    cli.send(KEY.down + KEY.enter); // Ask for changes
    await cli.expect(/What should change\?/);
    cli.send('Add a section on backfilling large tables in batches.' + KEY.enter);
    // The server's diff against the draft reviewed, after the draft through the pager, without its Markdown fence.
    await cli.expect(
      /Review the SKILL\.md draft[\s\S]*── Changes since the draft you reviewed ──\r?\n[\s\S]*\n\+ .*batches[\s\S]*What now\?/,
    );
    expect(plain(cli.stdout())).not.toContain('```diff');
    cli.send(KEY.enter); // Approve and go on
    const run = await cli.finished();
    expect(run.code).toBe(0);
    // The live block as it was last drawn: every phase ticked, the bar full, the latest message.
    expect(plain(run.stdout)).toMatch(
      /✔ refine › ✔ understand › ✔ red › ✔ green › ✔ refactor › ✔ validate › ✔ promote\r?\n\[█{30}\] 100%\r?\n +RUNNING -> COMPLETED/,
    );

    const jobId = /Created job ([0-9a-f-]{36})/.exec(run.stdout)![1]!;
    const job = await jobOf(jobId);
    expect(job.status).toBe('COMPLETED');
    expect(job.hitlInteractions.map((i) => [i.interactionType, i.roundNumber, i.status])).toEqual([
      ['CLARIFY', 1, 'RESPONDED'],
      ['PREVIEW', 1, 'RESPONDED'],
      ['PREVIEW', 2, 'RESPONDED'],
    ]);
    const answers = responseOf(job.hitlInteractions[0]!).answers!;
    expect(answers.find((a) => a.questionId === 'audience')).toMatchObject({
      text: 'platform engineers on call',
      optionIds: [],
    });
    expect(answers.find((a) => a.questionId === 'coverage')?.optionIds).toHaveLength(1);
    expect(responseOf(job.hitlInteractions[1]!).feedback).toBe('Add a section on backfilling large tables in batches.');
  });

  it('Ctrl-C while asking sends nothing, leaves the prompt pending and exits 4 with a clear line', async () => {
    const waiting = await runCli(['create', 'a skill for reviewing terraform plans', '--no-confirm', '--watch'], env);
    expect(waiting.code).toBe(4);
    const jobId = /Created job ([0-9a-f-]{36})/.exec(waiting.stdout)![1]!;

    const cli = spawnCliInPty(['answer', jobId], env);
    await cli.expect(/What problem should this skill solve/);
    cli.send('half an answer');
    cli.send(KEY.ctrlC);
    const run = await cli.finished();
    expect(run.code).toBe(4);
    expect(run.stdout).toContain('Interrupted: nothing was sent, the prompt stays pending.');
    expect((await jobOf(jobId)).hitlInteractions).toMatchObject([{ interactionType: 'CLARIFY', status: 'PENDING' }]);
  });

  it("shows the server's ValidationError and asks that question again, then sends the corrected answers", async () => {
    const waiting = await runCli(
      ['create', 'a skill for writing runbooks for on-call engineers', '--no-confirm', '--watch'],
      env,
    );
    expect(waiting.code).toBe(4);
    const jobId = /Created job ([0-9a-f-]{36})/.exec(waiting.stdout)![1]!;

    const cli = spawnCliInPty(['answer', jobId], env);
    await cli.expect(/What problem should this skill solve/);
    // The server takes at most 4000 characters. Typing them one by one would make the prompt redraw 4001 times:
    // cut 801 into readline's kill ring (Ctrl-U) and yank them back five times (Ctrl-Y).
    cli.send('x'.repeat(801) + KEY.ctrlU + KEY.ctrlY.repeat(5) + KEY.enter);
    await cli.expect(/How will you know the skill works/);
    cli.send('Every runbook step can be followed at 3 a.m. by an engineer who never saw the system.' + KEY.enter);
    await cli.expect(/What constraints must the skill respect/);
    cli.send('Runbooks live in the repository next to the service and are reviewed like code.' + KEY.enter);
    await cli.expect(/Who will rely on this skill/);
    cli.send(KEY.enter);
    await cli.expect(/Which areas of .+ should the skill cover/);
    cli.send(KEY.enter);
    await cli.expect(
      /ValidationError: must be at most 4000 characters \(field answers\.0\.text\)[\s\S]*What problem should this skill solve/,
    );
    cli.send('On-call engineers cannot find the steps to recover the service during an incident.' + KEY.enter);
    const run = await cli.finished();
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('Answered CLARIFY (round 1)');
    const [clarify] = (await jobOf(jobId)).hitlInteractions;
    expect(clarify).toMatchObject({ interactionType: 'CLARIFY', status: 'RESPONDED' });
    expect(responseOf(clarify!).answers![0]).toMatchObject({
      questionId: 'problem',
      text: expect.stringContaining('On-call'),
    });
  });

  it('inbox: picks the second of two prompts with the arrow keys, answers it, and lists only the other', async () => {
    // A user of its own, so the prompts the other tests leave pending are not in this inbox.
    const user = ['--user', 'inbox-tester'];
    const tasks = ['a skill for pruning stale feature flags', 'a skill for rotating database credentials safely'];
    const jobIds: string[] = [];
    for (const task of tasks) {
      // Only a CONFIRM prompt: once it is approved the job runs to its end, so no new prompt joins the list.
      const waiting = await runCli(['create', task, '--no-prompts', '--confirm', '--watch', ...user], env);
      expect(waiting.code).toBe(4);
      jobIds.push(/Created job ([0-9a-f-]{36})/.exec(waiting.stdout)![1]!);
    }

    const cli = spawnCliInPty(['inbox', ...user], env);
    await cli.expect(/2 prompt\(s\) wait for you[\s\S]*pruning stale feature flags[\s\S]*rotating database[\s\S]*Quit/);
    cli.send(KEY.down + KEY.enter); // the second prompt
    await cli.expect(/What now\?/);
    cli.send(KEY.enter); // Approve and go on
    await cli.expect(/Answered CONFIRM \(round 1\) of job [\s\S]*1 prompt\(s\) wait for you[\s\S]*Quit/);
    const menu = plain(cli.stdout().slice(cli.stdout().lastIndexOf('1 prompt(s) wait for you')));
    expect(menu).toContain('pruning stale feature flags');
    expect(menu).not.toContain('rotating database');
    cli.send(KEY.down + KEY.enter); // Quit
    const run = await cli.finished();
    expect(run.code).toBe(0);

    const [first, second] = await Promise.all(jobIds.map((id) => readJob(server, id, 'inbox-tester')));
    expect(first!.hitlInteractions).toMatchObject([{ interactionType: 'CONFIRM', status: 'PENDING' }]);
    expect(second!.hitlInteractions).toMatchObject([{ interactionType: 'CONFIRM', status: 'RESPONDED' }]);
  });
});
