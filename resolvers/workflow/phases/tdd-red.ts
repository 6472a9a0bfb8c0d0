// TDD_RED: pressure scenarios, then (with a model) each run against the agent WITHOUT the skill: the failing
// baseline. The rationalizations kept are the excuses agents actually gave (quoted) plus the author's predicted
// ones; a scenario the baseline never violates is no pressure and is dropped. Without a model nothing is run.
import type { Prisma } from '../../../prisma/database';
import { baselineReport, notRunLine } from '../../agent-tests/evidence';
import { runRound } from '../../agent-tests/round';
import { roundRuns, violated, violationRate } from '../../agent-tests/runs';
import { NOT_RUN_REASON } from '../../agent-tests/tester';
import type { ScenarioSet } from '../../author/types';
import { authorContext, latestPrompt, resolvedAction, type JobSnapshot } from '../context';
import { allScenarios, currentSet, redChecklist } from '../tdd-state';
import { NO_TOOLS, type PhaseResult, type PhaseRun, type PhaseTools } from './result';
import { reviewable, type Reviewed } from './reviewable';

export const tddRed: PhaseRun = (author, snapshot, tools = NO_TOOLS) =>
  reviewable(snapshot, 'TDD_RED', snapshot.policy.tdd ? 'TDD_RED' : null, async () => {
    if (!tools.tester) return notRun(await author.scenarios(authorContext(snapshot)));
    if (needsNewSet(snapshot)) return writeSet(snapshot, await author.scenarios(authorContext(snapshot)), tools);
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

/** Committed before any run, so every run (and a redo after a crash) is of this very set. */
function writeSet(snapshot: JobSnapshot, set: ScenarioSet, tools: PhaseTools): PhaseResult & { kind: 'repeat' } {
  const scenarioSet = currentSet(snapshot) + 1;
  return {
    kind: 'repeat',
    message: `Wrote ${set.scenarios.length} pressure scenarios; running them against ${tools.tester!.agentModel} without the skill`,
    state: {
      tdd: {
        phase: 'RED',
        baselineTestsRun: false,
        complianceTestsRun: false,
        notRunReason: null,
        agentUnderTest: tools.tester!.agentModel,
        rationalizationsIdentified: set.rationalizations,
        scenarios: set.scenarios as unknown as Prisma.InputJsonValue,
        scenarioSet,
        iterations: 0,
        draftRound: 0,
        baselineViolationRate: null,
        complianceRate: null,
        checklistState: { red: { writtenAfter: latestPrompt(snapshot, 'TDD_RED')?.interactionId ?? 0 } },
      },
    },
  };
}

async function runBaseline(snapshot: JobSnapshot, tools: PhaseTools): Promise<Reviewed> {
  const scenarios = allScenarios(snapshot);
  const scenarioSet = currentSet(snapshot);
  const fresh = await runRound(tools.tester!, tools.recordRun, {
    jobId: snapshot.job.jobId,
    scenarioSet,
    scenarios,
    iteration: 0,
    skill: null,
    stored: snapshot.scenarioRuns,
  });
  // The runs stored before (by an earlier, interrupted attempt) and now.
  const baseline = roundRuns([...snapshot.scenarioRuns, ...fresh], scenarioSet, 0);
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
      summary: `${baseline.length} runs against ${tools.tester!.agentModel}: ${ratePct} violated the rule. ${observed.length} excuses quoted from the answers, ${predicted.length} predicted by the author only${droppedNote}.`,
      content: baselineReport(scenarios, baseline, dropped),
      highlights: rationalizations.map((r) => `${r.source === 'observed' ? 'Observed' : 'Predicted'}: "${r.text}"`),
    },
  };
}
