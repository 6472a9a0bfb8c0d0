// The fake model's author side: tells the LlmAuthor method from the system prompt and answers with what the offline
// author writes for the same context, as the JSON the prompt asks for. Requests that are not the author's (the
// agent under test, the judge) are not answered here.
import { systemPrompt, type AuthorMethod } from '../../resolvers/author/llm/prompts';
import { makeOfflineAuthor } from '../../resolvers/author/offline';
import type {
  AuthorContext,
  DraftHints,
  ScenarioSet,
  TaskRefinement,
  Understanding,
} from '../../resolvers/author/types';
import type { RecordedRequest, Step } from './fake-llm';

const METHODS: AuthorMethod[] = ['refine', 'ask', 'understand', 'scenarios', 'draft', 'refactor', 'assess'];

export interface AuthorPayload {
  task: string;
  round?: number;
  refinement?: TaskRefinement;
  understanding?: Understanding;
  scenarios?: ScenarioSet;
  feedback?: string[];
  draft?: string;
  validationIssues?: string[];
  failingScenarios?: { scenarioId: string; excuses: string[] }[];
}

/** The author method a request is for, or null for a request that is not the author's. */
export function authorMethodOf(request: RecordedRequest): AuthorMethod | null {
  const system = request.body.messages[0]?.content;
  return METHODS.find((m) => systemPrompt(m) === system) ?? null;
}

export function authorPayloadOf(request: RecordedRequest): AuthorPayload {
  return JSON.parse(request.body.messages[1]?.content ?? '{}') as AuthorPayload;
}

const offline = makeOfflineAuthor();

/** What the offline author answers for the request's context (`method` must be the request's). */
export async function offlineAnswerFor(method: AuthorMethod, payload: AuthorPayload): Promise<unknown> {
  const ctx: AuthorContext = {
    jobId: 'fake-llm',
    taskDescription: payload.task,
    rounds: [],
    feedback: payload.feedback ?? [],
    ...(payload.refinement ? { refinement: payload.refinement } : {}),
    ...(payload.understanding ? { understanding: payload.understanding } : {}),
    ...(payload.scenarios ? { scenarios: payload.scenarios } : {}),
  };
  const hints: DraftHints = payload.validationIssues ? { validationIssues: payload.validationIssues } : {};
  switch (method) {
    case 'refine':
      return offline.refine(ctx);
    case 'ask':
      return offline.ask(ctx, payload.round ?? 1);
    case 'understand':
      return offline.understand(ctx);
    case 'scenarios':
      return offline.scenarios(ctx);
    case 'draft':
      return { content: await offline.draft(ctx, hints) };
    case 'refactor':
      return offline.refactor(ctx, payload.draft ?? '', hints);
    case 'assess':
      return offline.assess(ctx, payload.draft ?? '');
  }
}

export async function offlineAuthorStep(request: RecordedRequest): Promise<Step> {
  const method = authorMethodOf(request);
  if (!method) throw new Error('the system prompt is not one of the LLM author methods');
  return { content: JSON.stringify(await offlineAnswerFor(method, authorPayloadOf(request))) };
}
