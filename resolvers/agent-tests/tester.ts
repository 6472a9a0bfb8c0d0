// The agent under test and its judge, on the OpenAI-compatible endpoint the LLM author uses (LLM_AGENT_MODEL and
// LLM_JUDGE_MODEL default to the author's model). Without a configured model there is no tester: nothing is run.
import { ChatClient, type ChatLogger } from '../author/llm/chat';
import { fetchPost, nodeHttpPost } from '../author/llm/http-post';
import type { PressureScenario } from '../author/types';
import type { AgentTestSettings, Config } from '../config';
import type { UsageSink } from '../llm-usage/sink';
import { askAgent, storedAnswer } from './agent';
import { judgeAnswer } from './judge';
import type { JudgedRun, RunKey } from './types';

/** What the TDD phases say when no model is configured. */
export const NOT_RUN_REASON = 'no model configured';

export type TesterSettings = Omit<AgentTestSettings, 'agentModel' | 'judgeModel'>;

export class AgentTester {
  constructor(
    private readonly agent: ChatClient,
    private readonly judge: ChatClient,
    readonly settings: TesterSettings,
  ) {}

  /** The model whose behaviour is tested. */
  get agentModel(): string {
    return this.agent.model;
  }

  /** One run: the agent answers the scenario (with `skill` in its system context, or without), the judge rules. */
  async run(
    jobId: string,
    scenarioSet: number,
    scenario: PressureScenario,
    skill: string | null,
    key: RunKey,
  ): Promise<JudgedRun> {
    const answer = await askAgent(this.agent, jobId, scenario, skill);
    const judgement = await judgeAnswer(this.judge, jobId, scenario, answer);
    return { ...key, scenarioSet, scenarioTitle: scenario.title, answer: storedAnswer(answer), ...judgement };
  }
}

export function makeAgentTester(
  config: Pick<Config, 'llm' | 'agentTests'>,
  options: { logger?: ChatLogger; usage?: UsageSink; fetch?: typeof fetch } = {},
): AgentTester | null {
  const { llm, agentTests } = config;
  if (!llm) return null;
  const client = (model: string, label: string, temperature: number) =>
    new ChatClient({
      baseUrl: llm.baseUrl,
      model,
      ...(llm.apiKey ? { apiKey: llm.apiKey } : {}),
      timeoutMs: llm.timeoutMs,
      maxAttempts: 3,
      temperature,
      label,
      ...(options.logger ? { logger: options.logger } : {}),
      ...(options.usage ? { usage: options.usage } : {}),
      post: options.fetch ? fetchPost(options.fetch) : nodeHttpPost,
    });
  const { agentModel, judgeModel, ...settings } = agentTests;
  return new AgentTester(
    client(agentModel ?? llm.model, 'Agent under test', 0.7),
    client(judgeModel ?? llm.model, 'LLM judge', 0),
    settings,
  );
}
