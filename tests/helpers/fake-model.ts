// One fake model for whole jobs: the author (the offline author's answers, optionally rewritten), the scripted agent
// under test and the scripted judge, all behind one real chat-completions server (./fake-llm). And services wired
// to it the way main.ts wires a configured LLM: usage ledger, budget, agent tester.
import { makeAgentTester } from '../../resolvers/agent-tests/tester';
import { makeAuthor } from '../../resolvers/author';
import type { AuthorMethod } from '../../resolvers/author/llm/prompts';
import type { ScenarioSet } from '../../resolvers/author/types';
import { makeLlmLedger } from '../../resolvers/llm-usage/ledger';
import { silentLogger } from '../../resolvers/logger';
import { normalizeText } from '../../resolvers/skill-content/rationalizations';
import { NO_METRICS, type Metrics } from '../../resolvers/metrics';
import { makeServices, type Services } from '../../resolvers/services';
import type { TestDatabase } from './database';
import { scriptedAgent, type ScriptedAgent } from './fake-agent';
import { authorMethodOf, authorPayloadOf, offlineAnswerFor, type AuthorPayload } from './fake-author';
import type { Handler } from './fake-llm';

/** Rewrites the author's answer (the offline author's) before it is sent; return it unchanged to keep it. */
export type AuthorRewrite = (method: AuthorMethod, payload: AuthorPayload, answer: unknown) => unknown;

/** Drops every line of a SKILL.md that counters `excuse` (the scripted agent then gives in to it). */
export function withoutCounter(content: string, excuse: string): string {
  return content
    .split('\n')
    .filter((line) => !normalizeText(line).includes(normalizeText(excuse)))
    .join('\n');
}

/** An author whose first draft (GREEN's) leaves out the counter to one scenario's excuse; REFACTOR's puts it back. */
export function draftWithoutCounterTo(scenarioId: string, next: AuthorRewrite = (_m, _p, a) => a): AuthorRewrite {
  return (method, payload, answer) => {
    if (method !== 'draft') return next(method, payload, answer);
    const excuse = payload.scenarios?.scenarios.find((s) => s.id === scenarioId)?.rationalization ?? '';
    return { content: withoutCounter((answer as { content: string }).content, excuse) };
  };
}

export function fakeModel(rewrite: AuthorRewrite = (_m, _p, answer) => answer): {
  agent: ScriptedAgent;
  handler: Handler;
} {
  const agent = scriptedAgent();
  const handler: Handler = async (request) => {
    const scripted = agent.answer(request);
    if (scripted) return scripted;
    const method = authorMethodOf(request);
    if (!method) throw new Error('neither the author, the agent nor the judge');
    const payload = authorPayloadOf(request);
    const answer = rewrite(method, payload, await offlineAnswerFor(method, payload));
    if (method === 'scenarios') agent.learn((answer as ScenarioSet).scenarios);
    return { content: JSON.stringify(answer) };
  };
  return { agent, handler };
}

/** LLM_SCENARIO_CONCURRENCY of the services below: how many scenario runs of one job may be in flight. */
export const SCENARIO_CONCURRENCY = 3;

export interface ModelSettings {
  samples?: number;
  maxIterations?: number;
  minCompliance?: number;
  maxTokensPerJob?: number;
  phaseMaxAttempts?: number;
  /** Where the LLM metrics go (default: nowhere). */
  metrics?: Metrics;
}

export const AUTHOR_MODEL = 'author-model';
export const AGENT_MODEL = 'agent-model';
export const JUDGE_MODEL = 'judge-model';

/** The environment of a service process (worker, API) that runs jobs against the fake model at `fakeUrl`. */
export function modelServiceEnv(fakeUrl: string, samples: number): Record<string, string> {
  return {
    LLM_BASE_URL: `${fakeUrl}/v1`,
    LLM_MODEL: AUTHOR_MODEL,
    LLM_AGENT_MODEL: AGENT_MODEL,
    LLM_JUDGE_MODEL: JUDGE_MODEL,
    LLM_SCENARIO_SAMPLES: String(samples),
  };
}

export function makeModelServices(db: TestDatabase, baseUrl: string, settings: ModelSettings = {}): Services {
  const metrics = settings.metrics ?? NO_METRICS;
  const usage = makeLlmLedger(db.prisma, metrics, settings.maxTokensPerJob);
  const config = {
    llm: { baseUrl: `${baseUrl}/v1`, model: AUTHOR_MODEL, apiKey: 'test-key', timeoutMs: 10_000 },
    agentTests: {
      agentModel: AGENT_MODEL,
      judgeModel: JUDGE_MODEL,
      samples: settings.samples ?? 2,
      concurrency: SCENARIO_CONCURRENCY,
      maxIterations: settings.maxIterations ?? 3,
      minCompliance: settings.minCompliance ?? 0.8,
    },
  };
  return makeServices({
    prisma: db.prisma,
    author: makeAuthor(config, silentLogger, usage),
    usage,
    agentTester: makeAgentTester(config, { usage }),
    settings: { hitlTimeoutSeconds: 3600, phaseMaxAttempts: settings.phaseMaxAttempts ?? 1 },
    logger: silentLogger,
    metrics,
  });
}
