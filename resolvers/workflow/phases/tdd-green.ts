// TDD_GREEN: a SKILL.md drafted from RED's evidence, then (with a model) every pressure scenario run with the skill
// in the agent's system context: compliance per scenario and overall. Without a model the draft is only checked as
// text (a counter for each rationalization), and nothing claims a compliance test ran.
import type { Prisma } from '../../../prisma/database';
import { complianceTable, notRunLine } from '../../agent-tests/evidence';
import { NOT_RUN_REASON } from '../../agent-tests/tester';
import type { SkillAuthor } from '../../author/types';
import { validateSkill } from '../../skill-content/validator';
import { authorContext, type JobSnapshot } from '../context';
import type { HitlType } from '../machine';
import { iterationsOf, pendingRound, pressureScenarios, runsOfRound } from '../tdd-state';
import { NO_TOOLS, type PhaseResult, type PhaseRun, type PhaseTools } from './result';
import { checklistOf, rationalizationsOf, reviewable, type Reviewed } from './reviewable';
import { runPendingRound } from './tdd-round';

export const tddGreen: PhaseRun = (author, snapshot, tools = NO_TOOLS) => {
  const { policy } = snapshot;
  const reviewType: HitlType | null = policy.preview ? 'PREVIEW' : policy.tdd ? 'TDD_GREEN' : null;
  return reviewable(snapshot, 'TDD_GREEN', reviewType, async () => {
    if (!tools.tester) return draftOnly(author, snapshot);
    if (pendingRound(snapshot) === null) return writeDraft(author, snapshot);
    return runDraft(snapshot, tools);
  });
};

async function draftOnly(author: SkillAuthor, snapshot: JobSnapshot): Promise<Reviewed> {
  const draft = await author.draft(authorContext(snapshot));
  const rationalizations = rationalizationsOf(snapshot);
  const report = validateSkill(draft, { rationalizations });
  const evidence = report.checks.find((c) => c.name === 'rationalizations_countered');
  const countered = evidence?.passed ?? rationalizations.length === 0;
  const checklist = {
    ...checklistOf(snapshot),
    green: { rationalizations: rationalizations.length, allCountered: countered, done: true },
  };
  return {
    result: {
      message: 'Drafted SKILL.md',
      patch: { draftContent: draft },
      events: [drafted(draft, countered)],
      state: {
        // A text check of the draft, not a run of the scenarios with the skill: not a compliance test.
        tdd: { phase: 'GREEN', complianceTestsRun: false, checklistState: checklist as Prisma.InputJsonValue },
      },
    },
    prompt: {
      title: 'Review the SKILL.md draft',
      summary: `${notRunLine(NOT_RUN_REASON)} ${
        countered
          ? 'The draft answers every predicted rationalization.'
          : 'The draft does not yet counter every predicted rationalization; REFACTOR will close the gaps.'
      }`,
      content: draft,
      highlights: report.warnings.length > 0 ? report.warnings : ['No warnings from the validator'],
    },
  };
}

function drafted(draft: string, allCountered?: boolean) {
  return {
    type: 'SKILL_DRAFTED' as const,
    message: `Draft written (${draft.length} characters)`,
    data: { characters: draft.length, ...(allCountered !== undefined ? { allCountered } : {}) },
  };
}

/** The draft is committed before its runs, so the runs (and a redo's) are of this very text. */
async function writeDraft(author: SkillAuthor, snapshot: JobSnapshot): Promise<PhaseResult & { kind: 'repeat' }> {
  const draft = await author.draft(authorContext(snapshot));
  return {
    kind: 'repeat',
    message: 'Drafted SKILL.md from the baseline evidence; running the scenarios with it',
    patch: { draftContent: draft },
    events: [drafted(draft)],
    state: { tdd: { phase: 'GREEN', draftRound: iterationsOf(snapshot) + 1 } },
  };
}

async function runDraft(snapshot: JobSnapshot, tools: PhaseTools): Promise<Reviewed> {
  const done = (await runPendingRound(snapshot, tools))!;
  const withSkill = runsOfRound(done.after, done.round);
  const rate = done.state.complianceRate ?? null;
  const pct = rate === null ? 'n/a' : `${Math.round(rate * 100)}%`;
  const table = complianceTable(pressureScenarios(snapshot), runsOfRound(snapshot, 0), withSkill, done.round);
  const checklist = {
    ...checklistOf(snapshot),
    green: { round: done.round, runs: withSkill.length, complianceRate: rate, done: true },
  };
  return {
    result: {
      message: `With the skill (round ${done.round}): ${pct} of ${withSkill.length} runs complied`,
      state: { tdd: { ...done.state, phase: 'GREEN', checklistState: checklist as Prisma.InputJsonValue } },
    },
    prompt: {
      title: 'Review the SKILL.md draft and its compliance (GREEN)',
      summary: `The agent under test (${tools.tester!.agentModel}) complied in ${pct} of the runs with this draft; the table compares each scenario with the baseline.`,
      content: `${table}\n\n---\n\n${snapshot.job.draftContent ?? ''}`,
      highlights: withSkill
        .filter((r) => r.verdict !== 'COMPLIED')
        .map(
          (r) =>
            `${r.scenarioTitle} (sample ${r.sample}): ${r.verdict}${r.rationalization ? `: "${r.rationalization}"` : ''}`,
        ),
    },
  };
}
