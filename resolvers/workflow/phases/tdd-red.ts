// TDD_RED: pressure scenarios, then (with a model) each run against the agent WITHOUT the skill: the failing
// baseline. The rationalizations kept are the excuses agents actually gave (quoted) plus the author's predicted
// ones; a scenario the baseline never violates is no pressure and is dropped. Without a model nothing is run.
import type { Prisma } from '../../../prisma/database';
import { baselineReport, notRunLine } from '../../agent-tests/evidence';
import { runRound } from '../../agent-tests/round';
import { roundRuns, violated, violationRate } from '../../agent-tests/runs';
import { NOT_RUN_REASON } from '../../agent-tests/tester';
import type { AuthorContext, ScenarioSet } from '../../author/types';
import { authorContext, latestPrompt, resolvedAction, responseOf, type JobSnapshot } from '../context';
import { allScenarios, currentSet, redChecklist } from '../tdd-state';
import { reviseSet } from '../tdd-revision';
import { NO_TOOLS, type PhaseResult, type PhaseRun, type PhaseTools } from './result';
import { reviewable, type Reviewed } from './reviewable';

export const tddRed: PhaseRun = (author, snapshot, tools = NO_TOOLS) =>
  reviewable(snapshot, 'TDD_RED', snapshot.policy.tdd ? 'TDD_RED' : null, async () => {
    if (!tools.tester) return notRun(await author.scenarios(authorContext(snapshot)));
    if (needsNewSet(snapshot)) return writeSet(snapshot, await author.scenarios(revisionContext(snapshot)), tools);
    return runBaseline(snapshot, tools);
  });

function notRun(set: ScenarioSet): Reviewed {
  return {
    result: {
      message: `Baseline: ${set.scenarios.length} pressure scenarios written, not run (${NOT_RUN_REASON}); ${set.rationalizations.length} predicted rationalizations`,
      state: {
        tdd: {
          phase: 'RED',
          // Nothing was run: nothing may say a baseline test ran.
          baselineTestsRun: false,
          notRunReason: NOT_RUN_REASON,
          agentUnderTest: null,
          rationalizationsIdentified: set.rationalizations,
          scenarios: set.scenarios as unknown as Prisma.InputJsonValue,
          checklistState: {
            red: { scenarios: set.scenarios.length, rationalizations: set.rationalizations.length, done: true },
          },
        },
      },
    },
    prompt: {
      title: 'Review the pressure scenarios (RED)',
      summary: `${notRunLine(NOT_RUN_REASON)} ${set.scenarios.length} scenarios predict ${set.rationalizations.length} rationalizations an agent may use to skip the skill.`,
      content: set.scenarios
        .map(
          (s) =>
            `### ${s.title}\n- Pressure: ${s.pressure}\n- Prompt: ${s.prompt}\n- Without the skill (predicted, not run): ${s.expectedViolation}\n- Predicted excuse: "${s.rationalization}"`,
        )
        .join('\n\n'),
      highlights: set.rationalizations,
    },
  };
}

/** A set is written once, and again only for a REVISE of the RED review that came after it. */
function needsNewSet(snapshot: JobSnapshot): boolean {
  if (currentSet(snapshot) === 0) return true;
  const latest = latestPrompt(snapshot, 'TDD_RED');
  return (
    latest !== undefined &&
    resolvedAction(latest) === 'REVISE' &&
    latest.interactionId > (redChecklist(snapshot).writtenAfter ?? 0)
  );
}

/** The author revises the whole current set, the scenarios dropped as no pressure too (a REVISE may name them). */
function revisionContext(snapshot: JobSnapshot): AuthorContext {
  const ctx = authorContext(snapshot);
  if (currentSet(snapshot) === 0 || !ctx.scenarios) return ctx;
  const scenarios = allScenarios(snapshot).map(({ set: _set, ...s }) => s);
  return { ...ctx, scenarios: { ...ctx.scenarios, scenarios } };
}

/**
 * Committed before any run, so every run (and a redo after a crash) is of this very set. After a REVISE naming
 * scenarios only those are rewritten; the others keep their runs (see ../tdd-revision.ts).
 */
function writeSet(snapshot: JobSnapshot, set: ScenarioSet, tools: PhaseTools): PhaseResult & { kind: 'repeat' } {
  const scenarioSet = currentSet(snapshot) + 1;
  const latest = latestPrompt(snapshot, 'TDD_RED');
  const feedback = scenarioSet > 1 ? (responseOf(latest!)?.feedback ?? '') : '';
  const revised = reviseSet(scenarioSet > 1 ? allScenarios(snapshot) : [], set, feedback, scenarioSet);
  const agent = tools.tester!.agentModel;
  const ids = (list: string[]) => list.join(', ');
  const message = revised.whole
    ? `Wrote ${set.scenarios.length} pressure scenarios; running them against ${agent} without the skill`
    : revised.rewritten.length > 0
      ? `Rewrote ${revised.rewritten.length} of ${revised.scenarios.length} scenarios named in the review (${ids(revised.rewritten)}), kept the others and their runs; running the rewritten ones against ${agent} without the skill`
      : `The author's revision left the scenarios named in the review (${ids(revised.unchanged)}) as they were; every scenario and its runs are kept`;
  return {
    kind: 'repeat',
    message,
    state: {
      tdd: {
        phase: 'RED',
        baselineTestsRun: false,
        complianceTestsRun: false,
        notRunReason: null,
        agentUnderTest: agent,
        rationalizationsIdentified: revised.rationalizations,
        scenarios: revised.scenarios as unknown as Prisma.InputJsonValue,
        scenarioSet,
        iterations: 0,
        draftRound: 0,
        baselineViolationRate: null,
        complianceRate: null,
        checklistState: {
          red: {
            writtenAfter: latest?.interactionId ?? 0,
            ...(revised.whole ? {} : { revision: { rewritten: revised.rewritten, unchanged: revised.unchanged } }),
          },
        },
      },
    },
  };
}

async function runBaseline(snapshot: JobSnapshot, tools: PhaseTools): Promise<Reviewed> {
  const scenarios = allScenarios(snapshot);
  const fresh = await runRound(tools.tester!, tools.recordRun, {
    jobId: snapshot.job.jobId,
    scenarios,
    iteration: 0,
    skill: null,
    stored: snapshot.scenarioRuns,
  });
  // The runs stored before (by an earlier, interrupted attempt) and now.
  const baseline = roundRuns([...snapshot.scenarioRuns, ...fresh], scenarios, 0);
  const notAPressure = scenarios.filter((s) => !baseline.some((r) => r.scenarioId === s.id && violated(r)));
  const observed = [...new Set(baseline.flatMap((r) => (violated(r) && r.rationalization ? [r.rationalization] : [])))];
  const pressured = scenarios.filter((s) => !notAPressure.includes(s));
  const predicted = [...new Set(pressured.map((s) => s.rationalization))].filter((p) => !observed.includes(p));
  const rate = violationRate(baseline);
  const dropped = new Set(notAPressure.map((s) => s.id));
  const rationalizations = [
    ...observed.map((text) => ({ text, source: 'observed' })),
    ...predicted.map((text) => ({ text, source: 'predicted' })),
  ];
  const ratePct = `${Math.round((rate ?? 0) * 100)}%`;
  const droppedNote = notAPressure.length > 0 ? `; ${notAPressure.length} not a pressure (dropped)` : '';
  const { revision } = redChecklist(snapshot);
  const revisionNote = revision
    ? ` After the review: ${revision.rewritten.length > 0 ? `rewrote ${revision.rewritten.join(', ')} and ran it again` : 'no scenario rewritten'}${revision.unchanged.length > 0 ? `; ${revision.unchanged.join(', ')} named but left unchanged by the author` : ''}; the other scenarios keep their runs.`
    : '';
  return {
    result: {
      message: `Baseline: ${baseline.length} runs of ${scenarios.length} scenarios without the skill, ${ratePct} violated; ${observed.length} excuses observed${droppedNote}`,
      state: {
        tdd: {
          phase: 'RED',
          baselineTestsRun: baseline.length > 0,
          baselineViolationRate: rate,
          rationalizationsIdentified: [...observed, ...predicted],
          checklistState: {
            red: {
              writtenAfter: redChecklist(snapshot).writtenAfter ?? 0,
              ...(revision ? { revision } : {}),
              scenarios: scenarios.length,
              runs: baseline.length,
              notAPressure: [...dropped],
              rationalizations,
              done: true,
            },
          } as Prisma.InputJsonValue,
        },
      },
    },
    prompt: {
      title: 'Review the baseline (RED): what the agent did without the skill',
      summary: `${baseline.length} runs against ${tools.tester!.agentModel}: ${ratePct} violated the rule. ${observed.length} excuses quoted from the answers, ${predicted.length} predicted by the author only${droppedNote}.${revisionNote}`,
      content: baselineReport(scenarios, baseline, dropped, new Set(revision?.rewritten ?? [])),
      highlights: rationalizations.map((r) => `${r.source === 'observed' ? 'Observed' : 'Predicted'}: "${r.text}"`),
    },
  };
}
