// BOOLEAN questions in a real pseudo-terminal. The offline author never asks one, so the service runs with a model:
// the fake chat-completions server (tests/helpers/fake-model.ts) answers as the offline author would, except that
// round 1 of the clarifying questions adds two BOOLEAN questions to the mandatory three, one required (a yes/no
// confirm) and one optional (Yes / No / Skip).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFakeLlm, type FakeProvider } from '../helpers/fake-llm';
import { fakeModel } from '../helpers/fake-model';
import { KEY, readJob, runCli, spawnCliInPty, startCliServer, type CliServer } from './support';

let llm: FakeProvider;
let server: CliServer;
let env: Record<string, string>;

const QUESTIONS = {
  rationale: 'Two decisions shape the skill.',
  questions: [
    {
      id: 'block_breaking',
      text: 'Should the skill refuse breaking schema changes outright?',
      questionType: 'BOOLEAN',
      options: [],
      allowsOther: false,
      required: true,
    },
    {
      id: 'needs_downtime',
      text: 'May a change take the service down briefly?',
      questionType: 'BOOLEAN',
      options: [],
      allowsOther: false,
      required: false,
    },
  ],
};

const TEXT_ANSWERS: Array<[RegExp, string]> = [
  [/What problem should this skill solve/, 'Agents approve schema changes that drop columns still read by the app.'],
  [/How will you know the skill works/, 'Every destructive change is caught before it is merged, with its reader.'],
  [/Which constraints apply/, 'PostgreSQL 16, migrations reviewed in pull requests, no new tools.'],
];

beforeAll(async () => {
  llm = await startFakeLlm();
  llm.handle(
    fakeModel((method, payload, answer) => (method === 'ask' && payload.round === 1 ? QUESTIONS : answer)).handler,
  );
  server = await startCliServer({ LLM_BASE_URL: `${llm.url}/v1`, LLM_MODEL: 'test-model' });
  env = { SKILLS_FLEET_URL: server.url };
}, 90_000);
afterAll(async () => {
  await server?.close();
  await llm?.close();
});

describe('BOOLEAN questions in a terminal', { timeout: 120_000 }, () => {
  it('a required one is a yes/no confirm, an optional one a Yes / No / Skip select; the answers are sent', async () => {
    const waiting = await runCli(
      ['create', 'a skill for reviewing database schema changes', '--no-confirm', '--no-preview', '--watch'],
      env,
    );
    expect(waiting.code).toBe(4);
    const jobId = /Created job ([0-9a-f-]{36})/.exec(waiting.stdout)![1]!;

    const cli = spawnCliInPty(['answer', jobId], env);
    // Round 1 always starts with the three mandatory questions (resolvers/author/llm/schemas.ts), then the model's.
    for (const [question, text] of TEXT_ANSWERS) {
      await cli.expect(question);
      cli.send(text + KEY.enter);
    }
    await cli.expect(/Should the skill refuse breaking schema changes outright\? \(Y\/n\)/);
    cli.send('n' + KEY.enter);
    await cli.expect(/May a change take the service down briefly\? \(optional\)[\s\S]*Yes[\s\S]*No[\s\S]*Skip/);
    cli.send(KEY.down.repeat(2) + KEY.enter); // Skip
    const run = await cli.finished();
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('Answered CLARIFY (round 1)');

    const [clarify] = (await readJob(server, jobId)).hitlInteractions;
    expect(clarify).toMatchObject({ interactionType: 'CLARIFY', status: 'RESPONDED' });
    const { answers } = clarify!.responseData as { answers: Array<{ questionId: string; text: string | null }> };
    expect(answers.slice(3).map(({ questionId, text }) => ({ questionId, text }))).toEqual([
      { questionId: 'block_breaking', text: 'no' },
      { questionId: 'needs_downtime', text: null },
    ]);
  });
});
