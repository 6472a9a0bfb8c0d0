// The benchmark author (BENCH_AUTHOR=instant, refused in production): answers every call at once with fixed content,
// so that `e2e-engine` measures the engine (queue, phases, commits, events), not the author's CPU. The content is
// what the offline author writes for one fixed task, computed once per process; each job gets its own skill name
// (promotion refuses to publish a name twice), written into the draft's frontmatter too. The draft is a real SKILL.md
// that passes the validator: VALIDATION still runs it, nothing is skipped.
import { makeOfflineAuthor } from './offline';
import type {
  AuthorContext,
  DraftAssessment,
  QuestionRound,
  RefactoredDraft,
  ScenarioSet,
  SkillAuthor,
  TaskRefinement,
  Understanding,
} from './types';

const FIXED_TASK = 'a skill for writing safe postgres migrations';

interface FixedAnswers {
  refinement: TaskRefinement;
  questions: QuestionRound;
  understanding: Understanding;
  scenarios: ScenarioSet;
  draft: string;
  assessment: DraftAssessment;
}

async function fixedAnswers(): Promise<FixedAnswers> {
  const offline = makeOfflineAuthor();
  const base: AuthorContext = { jobId: 'instant', taskDescription: FIXED_TASK, rounds: [], feedback: [] };
  const refinement = await offline.refine(base);
  const questions = await offline.ask({ ...base, refinement }, 1);
  const understanding = await offline.understand({ ...base, refinement });
  const scenarios = await offline.scenarios({ ...base, refinement, understanding });
  const full: AuthorContext = { ...base, refinement, understanding, scenarios };
  const draft = (await offline.refactor(full, await offline.draft(full))).content;
  const assessment = await offline.assess(full, draft);
  return { refinement, questions, understanding, scenarios, draft, assessment };
}

/** The job's own skill name: unique per job, kebab-case, well under 64 characters. */
export function instantSkillName(jobId: string): string {
  return `instant-${jobId.replace(/[^0-9a-z]/gi, '').toLowerCase()}`;
}

export class InstantAuthor implements SkillAuthor {
  readonly name = 'instant';
  private readonly fixed = fixedAnswers();

  async refine(ctx: AuthorContext): Promise<TaskRefinement> {
    const { refinement } = await this.fixed;
    return { ...refinement, skillName: instantSkillName(ctx.jobId) };
  }

  async ask(): Promise<QuestionRound> {
    return (await this.fixed).questions;
  }

  async understand(): Promise<Understanding> {
    return (await this.fixed).understanding;
  }

  async scenarios(): Promise<ScenarioSet> {
    return (await this.fixed).scenarios;
  }

  async draft(ctx: AuthorContext): Promise<string> {
    const { draft, refinement } = await this.fixed;
    return renamed(draft, refinement.skillName, ctx.refinement?.skillName ?? instantSkillName(ctx.jobId));
  }

  async refactor(ctx: AuthorContext, draft: string): Promise<RefactoredDraft> {
    const { scenarios } = await this.fixed;
    // The fixed draft already counters every fixed rationalization: it is returned as it came.
    const counters = Object.fromEntries(
      scenarios.rationalizations.map((r) => [r, `The ${ctx.jobId} draft answers it.`]),
    );
    return { content: draft, counters, redFlags: [] };
  }

  async assess(): Promise<DraftAssessment> {
    return (await this.fixed).assessment;
  }
}

/** The draft with its frontmatter `name:` set to the job's skill name. */
function renamed(draft: string, fixedName: string, name: string): string {
  return draft.replace(new RegExp(`^name: ${fixedName}$`, 'm'), `name: ${name}`);
}

export function makeInstantAuthor(): SkillAuthor {
  return new InstantAuthor();
}
