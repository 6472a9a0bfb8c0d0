// author: what the offline author and the validator cost in CPU, in this process, without a database or a server.
// - validateSkill CPU per call on an 8 KB SKILL.md (goal <= 2 ms: it also serves the `validateSkill` query) and on the
//   fixture corpus (tests/fixtures/skills, every file, with its rationalizations where it has some);
// - the offline author's CPU per job: the phases a job runs (refine, ask, understand, scenarios, draft, refactor,
//   assess; tests/helpers/offline-author.ts runFlow) over the 20 tasks of its test corpus, one job at a time;
// - validateSkill's CPU per job: the two calls a job makes (TDD_GREEN and VALIDATION) on that job's draft.
// Reported, no baseline: the figures say how much of an e2e job is the author rather than the engine.
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { REPO_ROOT } from '../harness/service-process';
import { validateSkill, type ValidateSkillOptions } from '../resolvers/skill-content/validator';
import { CASES, runFlow, type Flow } from '../tests/helpers/offline-author';
import { EXPECTATIONS } from '../tests/helpers/skill-fixtures';
import { Checks, makeFigure, type Benchmark, type BenchResult } from './lib/types';

const FIXTURES = path.join(REPO_ROOT, 'tests', 'fixtures', 'skills');
const TARGET_BYTES = 8 * 1024;
/** The validator's goal per call on an 8 KB SKILL.md, in ms (issue 17). */
const GOAL_MS = 2;

interface Input {
  content: string;
  options?: ValidateSkillOptions;
}

function corpus(): Input[] {
  return readdirSync(FIXTURES)
    .filter((file) => file.endsWith('.md'))
    .sort()
    .map((file) => {
      const rationalizations = EXPECTATIONS[file]?.rationalizations;
      const content = readFileSync(path.join(FIXTURES, file), 'utf8');
      return rationalizations ? { content, options: { rationalizations } } : { content };
    });
}

/**
 * An 8 KB SKILL.md that passes: the Postgres migrations fixture with its Core Patterns section repeated (as
 * numbered copies) until the file reaches TARGET_BYTES. Every check does its full work on it.
 */
export function eightKilobyteSkill(): string {
  const base = readFileSync(path.join(FIXTURES, 'good-postgres-migrations.md'), 'utf8');
  const start = base.indexOf('## Core Patterns');
  const end = base.indexOf('## Common Mistakes');
  const patterns = base.slice(start + '## Core Patterns\n'.length, end);
  let extra = '';
  for (let copy = 2; Buffer.byteLength(base) + Buffer.byteLength(extra) < TARGET_BYTES; copy++) {
    extra += `## Core Patterns, part ${copy}\n${patterns}`;
  }
  return `${base.slice(0, end)}${extra}${base.slice(end)}`;
}

/** CPU milliseconds (user + system) that `work` takes in this process: on a loaded machine wall time would
 * also count the time other processes had the core. */
async function cpuMs(work: () => Promise<unknown> | unknown): Promise<number> {
  const before = process.cpuUsage();
  await work();
  const used = process.cpuUsage(before);
  return (used.user + used.system) / 1000;
}

/** Mean CPU milliseconds per call of `calls` validateSkill calls cycling over `inputs`. */
async function msPerCall(inputs: readonly Input[], calls: number): Promise<number> {
  const total = await cpuMs(() => {
    for (let i = 0; i < calls; i++) {
      const input = inputs[i % inputs.length]!;
      validateSkill(input.content, input.options);
    }
  });
  return total / calls;
}

export const author: Benchmark = {
  name: 'author',
  title: 'Author: offline author and validateSkill CPU, in process',
  async run(ctx, { smoke }): Promise<BenchResult> {
    const startedAt = Date.now();
    const checks = new Checks();
    const inputs = corpus();
    const big = eightKilobyteSkill();
    const bigInput: Input[] = [
      { content: big, options: { rationalizations: ['Staging passed, production will too'] } },
    ];
    const tasks = smoke ? CASES.slice(0, 3) : CASES;
    const bigCalls = smoke ? 50 : 2_000;
    const corpusCalls = inputs.length * (smoke ? 1 : 40);

    const bigReport = validateSkill(big);
    checks.check(
      'the 8 KB SKILL.md is at least 8 KB and passes every check',
      Buffer.byteLength(big) >= TARGET_BYTES && bigReport.passed && bigReport.score === 1,
      `${Buffer.byteLength(big)} bytes, passed ${bigReport.passed}, score ${bigReport.score}`,
    );
    checks.check(
      'the corpus is the fixture directory',
      inputs.length === Object.keys(EXPECTATIONS).length,
      `${inputs.length} files`,
    );

    // Warm-up: the JIT compiles the validator and the author before anything is timed.
    await msPerCall(inputs, inputs.length * (smoke ? 1 : 10));
    await msPerCall(bigInput, smoke ? 10 : 200);
    for (const task of tasks.slice(0, 2)) await runFlow(task);

    const bigRounds: number[] = [];
    const corpusRounds: number[] = [];
    const authorRounds: number[] = [];
    const validatorRounds: number[] = [];
    let flows: Flow[] = [];
    for (let round = 0; round < ctx.rounds; round++) {
      bigRounds.push(await msPerCall(bigInput, bigCalls));
      corpusRounds.push(await msPerCall(inputs, corpusCalls));
      flows = [];
      let authorMs = 0;
      for (const task of tasks) authorMs += await cpuMs(async () => flows.push(await runFlow(task)));
      authorRounds.push(authorMs / tasks.length);
      const validatorMs = await cpuMs(() => {
        for (const flow of flows) {
          const options = { rationalizations: flow.scenarios.rationalizations };
          validateSkill(flow.draft, options); // TDD_GREEN
          validateSkill(flow.refactored.content, options); // VALIDATION
        }
      });
      validatorRounds.push(validatorMs / flows.length);
      ctx.log(
        `round ${round + 1}: validateSkill ${bigRounds.at(-1)!.toFixed(3)} ms (8 KB), ${corpusRounds.at(-1)!.toFixed(3)} ms (corpus); author ${authorRounds.at(-1)!.toFixed(1)} ms CPU per job`,
      );
    }
    const failing = flows.filter(
      (f) => !validateSkill(f.refactored.content, { rationalizations: f.scenarios.rationalizations }).passed,
    );
    checks.check(
      "every offline draft passes the validator (the job's VALIDATION phase)",
      failing.length === 0,
      failing.length === 0 ? `${flows.length} drafts` : `failing: ${failing.map((f) => f.task.task).join('; ')}`,
    );

    return {
      name: 'author',
      title: this.title,
      what: 'CPU in this process: validateSkill per call; the offline author (7 phases) and validateSkill (2 calls) per job',
      baseline: 'none (reported figures)',
      smoke,
      rounds: ctx.rounds,
      params: {
        eightKbBytes: Buffer.byteLength(big),
        eightKbCallsPerRound: bigCalls,
        corpusFiles: inputs.length,
        corpusCallsPerRound: corpusCalls,
        tasks: tasks.length,
      },
      figures: [
        makeFigure({
          id: 'validate_8kb_ms',
          label: 'validateSkill CPU per call, 8 KB SKILL.md',
          unit: 'ms',
          better: 'lower',
          app: bigRounds,
          goal: { kind: 'at-most', value: GOAL_MS },
        }),
        makeFigure({
          id: 'validate_corpus_ms',
          label: `validateSkill CPU per call, fixture corpus (${inputs.length} files)`,
          unit: 'ms',
          better: 'lower',
          app: corpusRounds,
        }),
        makeFigure({
          id: 'author_cpu_ms',
          label: `offline author CPU per job (${tasks.length} tasks, 7 phases)`,
          unit: 'ms',
          better: 'lower',
          app: authorRounds,
        }),
        makeFigure({
          id: 'validator_cpu_ms',
          label: 'validateSkill CPU per job (TDD_GREEN + VALIDATION)',
          unit: 'ms',
          better: 'lower',
          app: validatorRounds,
        }),
      ],
      checks: checks.list,
      notes: [
        'CPU time (process.cpuUsage) in the benchmark runner process, one call or job at a time; no database or server is involved.',
      ],
      durationSeconds: (Date.now() - startedAt) / 1000,
    };
  },
};
