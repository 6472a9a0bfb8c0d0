// The prompts of the LLM author. One system prompt per method: a shared preamble, the method's task and the exact
// JSON shape expected (response_format json_object only guarantees *some* JSON object, so the shape must be in
// the prompt). The user message is the relevant part of the AuthorContext as JSON.

import type { AnsweredRound, AuthorContext, DraftHints } from '../types';

export type AuthorMethod = 'refine' | 'ask' | 'understand' | 'scenarios' | 'draft' | 'refactor' | 'assess';

const PREAMBLE = `You are the author inside Skills Fleet, a service that writes skills for AI coding agents.
A skill is a SKILL.md file: YAML frontmatter (name, description) followed by a markdown body that teaches an agent a technique, a discipline or a reference. Skills are developed like code under test: pressure scenarios first show how an agent WITHOUT the skill cuts corners (RED), the skill is written to prevent exactly that (GREEN), then its loopholes are closed (REFACTOR).
The user message is a JSON object with what is known about the job; fields that are absent are not known yet.
If it has "feedback", those are revision requests from the person, oldest first: your answer must visibly address every one of them, above all the last.
Answer with ONE JSON object and nothing else: no prose, no markdown fences. It must have exactly this shape ("?" marks an optional field, // comments give the constraints):`;

const TASKS: Record<AuthorMethod, { task: string; shape: string }> = {
  refine: {
    task: `Task: restate the task precisely and propose the skill's identity. If "refinement" is present it is your previous proposal: revise it according to the feedback.`,
    shape: `{
  "refinedTask": string,   // what the skill teaches, to which agent, in which situations; its scope and what is out of scope
  "skillName": string,     // kebab-case, /^[a-z][a-z0-9]*(-[a-z0-9]+)*$/, at most 64 characters, e.g. "postgres-migrations"
  "description": string,   // one paragraph, at most 1024 characters: what the skill does, then "Use when ..." with concrete triggers
  "taxonomyPath": string   // lowercase kebab-case segments joined by "/", e.g. "development/databases/postgres-migrations"
}`,
  },
  ask: {
    task: `Task: write the clarifying questions of round "round" that the person answers before the skill is written. Ask only what you cannot infer and never repeat a question already answered in "rounds". Round 1 MUST include the questions with ids "problem" (the problem the skill solves), "success_criteria" (how we know the skill works) and "constraints" (tools, versions, environments, things to avoid). Later rounds target what "understanding" says is still unclear. Ask 3 to 6 questions; prefer SINGLE or MULTI with good options where the likely answers are predictable.`,
    shape: `{
  "questions": [{
    "id": string,                // snake_case, unique within the round
    "text": string,
    "questionType": "TEXT" | "SINGLE" | "MULTI" | "BOOLEAN",
    "options": [{ "id": string, "label": string, "description"?: string }],  // at least 2 for SINGLE and MULTI, [] for TEXT and BOOLEAN
    "allowsOther": boolean,      // SINGLE/MULTI: may the person write an answer of their own
    "required": boolean
  }],
  "rationale": string            // one or two sentences: why these questions
}`,
  },
  understand: {
    task: `Task: synthesize what the answers in "rounds" tell about the person's need. "readinessScore" says how ready we are to write the skill: 1 means everything needed is known; below 0.8 another round of questions is asked, so then say in "summary" what is still missing.`,
    shape: `{
  "userProblem": string,
  "userGoals": string[],     // at least 1; concrete and checkable
  "summary": string,         // the synthesis, including what is still unclear
  "readinessScore": number   // 0..1
}`,
  },
  scenarios: {
    task: `Task (RED): design pressure scenarios that tempt an agent WITHOUT the skill to break the rule the skill will teach, and record the excuse it would give. Combine pressures (time, sunk cost, authority, exhaustion, social, pragmatism) and make the prompts realistic, as a user would write them. 3 to 5 scenarios. If "scenarios" is present it is your previous set: revise it according to the feedback.`,
    shape: `{
  "scenarios": [{
    "id": string,                // unique, e.g. "s1"
    "title": string,
    "pressure": string,          // the kinds of pressure, e.g. "time, authority"
    "prompt": string,            // what the agent is asked to do
    "expectedViolation": string, // what an agent without the skill does wrong
    "rationalization": string    // the excuse it gives, verbatim; it must also appear in "rationalizations"
  }],
  "rationalizations": string[]   // every distinct excuse, verbatim
}`,
  },
  draft: {
    task: `Task (GREEN): write the complete SKILL.md that makes an agent pass every scenario in "scenarios". Frontmatter: "name" exactly refinement.skillName; "description" based on refinement.description (third person, what it does, then "Use when ..."; at most 1024 characters). Body: a # title, an overview with the core principle, when to use it (and when not), the rules or process as concrete steps, a quick reference, common mistakes. Be specific and concise; no filler. If "baselineEvidence" is present, those are the excuses agents really gave without the skill (quoted): counter every one explicitly. If "validationIssues" is present, the previous draft failed these checks: fix every one of them.`,
    shape: `{
  "content": string   // the complete SKILL.md, beginning "---\\nname: ...\\ndescription: ...\\n---\\n" followed by the markdown body
}`,
  },
  refactor: {
    task: `Task (REFACTOR): close the loopholes of "draft". For every entry of scenarios.rationalizations add an explicit counter to the skill text (for example a table "Excuse | Reality") and list the red flags that show an agent is about to break the skill. Keep what works and keep the frontmatter name. If "validationIssues" is present, fix every one of them too. If "failingScenarios" is present, an agent given the draft still broke the skill in those scenarios with the quoted excuses: counter each excuse explicitly. Return the complete revised SKILL.md.`,
    shape: `{
  "content": string,                               // the complete revised SKILL.md, beginning with "---"
  "counters": { "<rationalization>": string },     // one entry per rationalization, the key copied verbatim from scenarios.rationalizations
  "redFlags": string[]                             // at least 1: thoughts or actions that signal a violation
}`,
  },
  assess: {
    task: `Task: review "draft" as a demanding skill reviewer. Does it solve the problem and reach the goals in "understanding"? Would an agent with it pass every scenario? Is the description's "Use when" concrete enough to trigger the skill at the right moment? Is it concise? Be specific: name the section you mean.`,
    shape: `{
  "summary": string,        // your overall judgement in a few sentences
  "suggestions": string[]   // concrete, actionable improvements, most important first; [] if there are none
}`,
  },
};

export function systemPrompt(method: AuthorMethod): string {
  const { task, shape } = TASKS[method];
  return `${PREAMBLE}\n${shape}\n\n${task}`;
}

/** Rounds as the model reads them best: each question next to its answer, options by label. */
function describeRounds(rounds: AnsweredRound[]) {
  return rounds.map((r) => ({
    round: r.round,
    questions: r.questions.map((q) => {
      const answer = r.answers.find((a) => a.questionId === q.id);
      const selected = (answer?.optionIds ?? []).map(
        (optionId) => q.options.find((o) => o.id === optionId)?.label ?? optionId,
      );
      const text = answer?.text?.trim();
      return {
        id: q.id,
        question: q.text,
        type: q.questionType,
        ...(q.options.length > 0 ? { options: q.options.map((o) => o.label) } : {}),
        answer:
          text || selected.length > 0
            ? { ...(selected.length > 0 ? { selected } : {}), ...(text ? { text } : {}) }
            : null,
      };
    }),
  }));
}

type Part = 'refinement' | 'rounds' | 'understanding' | 'scenarios';

function contextPayload(ctx: AuthorContext, parts: Part[]): Record<string, unknown> {
  const payload: Record<string, unknown> = { task: ctx.taskDescription };
  if (parts.includes('refinement') && ctx.refinement) payload['refinement'] = ctx.refinement;
  if (parts.includes('rounds') && ctx.rounds.length > 0) payload['rounds'] = describeRounds(ctx.rounds);
  if (parts.includes('understanding') && ctx.understanding) payload['understanding'] = ctx.understanding;
  if (parts.includes('scenarios') && ctx.scenarios) payload['scenarios'] = ctx.scenarios;
  if (parts.includes('scenarios') && ctx.baselineEvidence) payload['baselineEvidence'] = ctx.baselineEvidence;
  if (ctx.feedback.length > 0) payload['feedback'] = ctx.feedback;
  return payload;
}

function hintsPayload(hints: DraftHints | undefined): Record<string, unknown> {
  const issues = hints?.validationIssues ?? [];
  const failing = hints?.failingScenarios ?? [];
  return {
    ...(issues.length > 0 ? { validationIssues: issues } : {}),
    ...(failing.length > 0 ? { failingScenarios: failing } : {}),
  };
}

const json = (payload: Record<string, unknown>) => JSON.stringify(payload, null, 2);

export const userPrompts = {
  refine: (ctx: AuthorContext) => json(contextPayload(ctx, ['refinement', 'rounds'])),
  ask: (ctx: AuthorContext, round: number) =>
    json({ round, maxRounds: 3, ...contextPayload(ctx, ['refinement', 'rounds', 'understanding']) }),
  understand: (ctx: AuthorContext) => json(contextPayload(ctx, ['refinement', 'rounds', 'understanding'])),
  scenarios: (ctx: AuthorContext) => json(contextPayload(ctx, ['refinement', 'rounds', 'understanding', 'scenarios'])),
  draft: (ctx: AuthorContext, hints?: DraftHints) =>
    json({ ...contextPayload(ctx, ['refinement', 'rounds', 'understanding', 'scenarios']), ...hintsPayload(hints) }),
  refactor: (ctx: AuthorContext, draft: string, hints?: DraftHints) =>
    json({ ...contextPayload(ctx, ['refinement', 'understanding', 'scenarios']), draft, ...hintsPayload(hints) }),
  assess: (ctx: AuthorContext, draft: string) =>
    json({ ...contextPayload(ctx, ['refinement', 'understanding', 'scenarios']), draft }),
};

/** The user message after an answer that failed validation. */
export function correctionPrompt(error: string): string {
  return `Your previous answer was rejected: ${error}\nAnswer again with the complete corrected JSON object only: no prose, no markdown fences.`;
}
