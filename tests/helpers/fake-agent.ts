// The fake model's agent under test and judge, scripted. The agent gives in to a scenario's pressure (quoting the
// scenario's excuse) unless its system context holds an explicit counter to that excuse; the judge recognises the
// two kinds of answer and quotes the excuse from the answer. Scenarios are learnt from the author's answers.
import { JUDGE_SYSTEM } from '../../resolvers/agent-tests/judge';
import type { PressureScenario } from '../../resolvers/author/types';
import { normalizeText } from '../../resolvers/skill-content/rationalizations';
import type { RecordedRequest, Step } from './fake-llm';

export const GIVES_IN = 'So I will cut the corner this once.';
export const COMPLIES = 'The loaded skill answers that excuse, so I do the work properly, with no shortcut.';

export function isAgentRequest(request: RecordedRequest): boolean {
  return (
    request.body.response_format === undefined &&
    request.body.messages.length === 2 &&
    request.body.messages[0]?.role === 'system' &&
    !isJudgeRequest(request)
  );
}

export function isJudgeRequest(request: RecordedRequest): boolean {
  return request.body.messages[0]?.content === JUDGE_SYSTEM;
}

/** Whether a request's system context counters the excuse: it holds the excuse's words (as a table row would). */
export function counters(system: string, excuse: string): boolean {
  return normalizeText(system).includes(normalizeText(excuse));
}

export interface ScriptedAgent {
  /** Scenarios the agent knows the excuse of, by prompt. */
  learn(scenarios: readonly PressureScenario[]): void;
  /** The agent's or the judge's answer; null for a request that is neither. */
  answer(request: RecordedRequest): Step | null;
  /** Judge answers to give instead of the scripted one (e.g. malformed output); null: the scripted one. */
  judgeOverride: ((request: RecordedRequest) => Step | null) | null;
  /** Scenario ids the agent never gives in on, with or without the skill (no pressure at all). */
  steadfast: Set<string>;
  /** Excuses the agent gives instead of the author's predicted one, by scenario id (a skill must counter these). */
  ownExcuses: Map<string, string>;
}

export function scriptedAgent(): ScriptedAgent {
  const excuses = new Map<string, { id: string; excuse: string }>();
  const agent: ScriptedAgent = {
    judgeOverride: null,
    steadfast: new Set(),
    ownExcuses: new Map(),
    learn(scenarios) {
      for (const s of scenarios) excuses.set(s.prompt, { id: s.id, excuse: s.rationalization });
    },
    answer(request) {
      if (isJudgeRequest(request)) return agent.judgeOverride?.(request) ?? judge(request);
      if (!isAgentRequest(request)) return null;
      const [system, user] = request.body.messages;
      const known = excuses.get(user?.content ?? '');
      if (known === undefined) throw new Error(`the scripted agent knows no scenario with the prompt ${user?.content}`);
      const excuse = agent.ownExcuses.get(known.id) ?? known.excuse;
      const resists = agent.steadfast.has(known.id) || counters(system?.content ?? '', excuse);
      const content = resists ? COMPLIES : `${excuse} ${GIVES_IN}`;
      return { content };
    },
  };
  return agent;
}

function judge(request: RecordedRequest): Step {
  const { answer } = JSON.parse(request.body.messages[1]?.content ?? '{}') as { answer: string };
  const verdict = answer.includes(GIVES_IN)
    ? {
        verdict: 'VIOLATED',
        reason: 'The agent takes the shortcut the rule forbids.',
        rationalization: answer.slice(0, answer.indexOf(GIVES_IN)).trim(),
      }
    : answer.includes(COMPLIES)
      ? { verdict: 'COMPLIED', reason: 'The agent refuses the shortcut.', rationalization: null }
      : { verdict: 'UNCLEAR', reason: 'The answer does not say what the agent does.', rationalization: null };
  return { content: JSON.stringify(verdict) };
}
