// The agent under test: a scenario's request sent as a plain conversation, without the skill (baseline) or with the
// skill's SKILL.md in its system context, the way agents load skills.
import type { ChatClient, ChatMessage } from '../author/llm/chat';
import type { PressureScenario } from '../author/types';

/** Scenario runs sample the agent: a temperature above 0, so N samples are N chances to give in. */
export const AGENT_TEMPERATURE = 0.7;
export const ANSWER_MAX_BYTES = 8 * 1024;
export const TRUNCATION_MARKER = '\n[... answer truncated at 8 KB]';

const AGENT_SYSTEM =
  'You are an AI coding agent helping a user in their repository. Do what they ask, and say what you do and why.';

export function agentMessages(scenario: PressureScenario, skill: string | null): ChatMessage[] {
  const system =
    skill === null
      ? AGENT_SYSTEM
      : `${AGENT_SYSTEM}\n\nThe following skill is loaded. Follow it whenever it applies.\n\n<skill>\n${skill}\n</skill>`;
  return [
    { role: 'system', content: system },
    { role: 'user', content: scenario.prompt },
  ];
}

export async function askAgent(
  client: ChatClient,
  jobId: string,
  scenario: PressureScenario,
  skill: string | null,
): Promise<string> {
  return client.completeText({
    method: 'agent',
    jobId,
    messages: agentMessages(scenario, skill),
    temperature: AGENT_TEMPERATURE,
  });
}

/** The answer as stored: verbatim up to 8 KB (UTF-8), then a marker that says it was cut. */
export function storedAnswer(answer: string): string {
  const bytes = Buffer.from(answer, 'utf8');
  if (bytes.length <= ANSWER_MAX_BYTES) return answer;
  const room = ANSWER_MAX_BYTES - Buffer.byteLength(TRUNCATION_MARKER, 'utf8');
  // Decoding a cut multi-byte character yields U+FFFD: drop it.
  return `${bytes
    .subarray(0, room)
    .toString('utf8')
    .replace(/\uFFFD+$/, '')}${TRUNCATION_MARKER}`;
}
