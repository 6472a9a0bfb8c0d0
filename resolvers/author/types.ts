// The contract between the workflow and whoever writes the skill's content: the deterministic offline author
// (the default) or an LLM behind an OpenAI-compatible endpoint. Phases call these methods and store what they
// return; an author never touches the database.

export type QuestionType = 'TEXT' | 'SINGLE' | 'MULTI' | 'BOOLEAN';

export interface QuestionOption {
  id: string;
  label: string;
  description?: string;
}

/** One clarifying question. `id` is stable within the round; answers refer to it. */
export interface ClarifyingQuestion {
  id: string;
  text: string;
  questionType: QuestionType;
  options: QuestionOption[];
  allowsOther: boolean;
  required: boolean;
}

export interface QuestionRound {
  questions: ClarifyingQuestion[];
  rationale: string;
}

export interface Answer {
  questionId: string;
  text?: string | null;
  optionIds?: string[] | null;
}

/** A clarifying round as it happened: what was asked and what the person answered. */
export interface AnsweredRound {
  round: number;
  questions: ClarifyingQuestion[];
  answers: Answer[];
}

/** TASK_REFINEMENT's output. */
export interface TaskRefinement {
  /** The task restated precisely: what the skill teaches, to whom, and its scope. */
  refinedTask: string;
  /** Proposed skill name: kebab-case, `^[a-z][a-z0-9]*(-[a-z0-9]+)*$`, at most 64 characters. */
  skillName: string;
  /** One paragraph saying what the skill does and when to use it ("Use when ..."), at most 1024 characters. */
  description: string;
  /** Where the skill lives, e.g. "development/databases/postgres-migrations": lowercase kebab segments. */
  taxonomyPath: string;
  /** The built-in domain the task was matched to (offline author): its knowledge is used only when `used`. */
  domain?: DomainChoice;
}

/** Which built-in domain fits a task, how well (0..1), and whether its knowledge is used (confidence >= threshold). */
export interface DomainChoice {
  /** The best-scoring domain's id, or "none" when no domain's keywords appear in the task. */
  id: string;
  label: string;
  confidence: number;
  threshold: number;
  used: boolean;
}

/** DEEP_UNDERSTANDING's synthesis of the answers. */
export interface Understanding {
  userProblem: string;
  userGoals: string[];
  summary: string;
  /** 0..1; the workflow asks another round while this is below 0.8 (at most 3 rounds). */
  readinessScore: number;
}

/** A situation that tempts an agent without the skill to cut the corner the skill forbids. */
export interface PressureScenario {
  id: string;
  title: string;
  /** The kind of pressure: time, sunk cost, authority, exhaustion, ... */
  pressure: string;
  /** What the agent is asked to do in the scenario. */
  prompt: string;
  /** What an agent without the skill does wrong. */
  expectedViolation: string;
  /** The excuse it gives for it (verbatim, one of ScenarioSet.rationalizations). */
  rationalization: string;
}

/** TDD_RED's output: the baseline scenarios and the rationalizations they expose. */
export interface ScenarioSet {
  scenarios: PressureScenario[];
  rationalizations: string[];
}

/** TDD_REFACTOR's output: the draft with its loopholes closed. */
export interface RefactoredDraft {
  content: string;
  /** One explicit counter per rationalization (key: the rationalization verbatim). */
  counters: Record<string, string>;
  redFlags: string[];
}

/** The author's own judgement of a draft, stored beside the rule-based validation report. */
export interface DraftAssessment {
  summary: string;
  suggestions: string[];
}

/** Everything known about the job when a phase asks the author for something. */
export interface AuthorContext {
  jobId: string;
  taskDescription: string;
  refinement?: TaskRefinement;
  /** Clarifying rounds so far, oldest first. */
  rounds: AnsweredRound[];
  understanding?: Understanding;
  /** Feedback the person gave with REVISE, oldest first. Each must visibly change the next output. */
  feedback: string[];
  scenarios?: ScenarioSet;
  /** What the agent under test actually said without the skill (RED's runs), when a model ran them. */
  baselineEvidence?: ScenarioEvidence[];
}

/** The excuses agents gave in one scenario's runs, quoted from their answers. */
export interface ScenarioEvidence {
  scenarioId: string;
  title: string;
  /** Runs of the scenario and how many of them violated the skill (or, with the skill, did not comply). */
  runs: number;
  failures: number;
  excuses: string[];
}

export interface DraftHints {
  /** Validation errors and warnings of the previous draft, when VALIDATION sends it back for refinement. */
  validationIssues?: string[];
  /** Scenarios the agent still failed WITH the draft, and the excuses it gave: the loopholes to close. */
  failingScenarios?: ScenarioEvidence[];
}

export interface SkillAuthor {
  readonly name: string;
  refine(ctx: AuthorContext): Promise<TaskRefinement>;
  /** Questions for round `round` (1-based). Round 1 always asks the problem, the success criteria and the constraints. */
  ask(ctx: AuthorContext, round: number): Promise<QuestionRound>;
  understand(ctx: AuthorContext): Promise<Understanding>;
  scenarios(ctx: AuthorContext): Promise<ScenarioSet>;
  /** A complete SKILL.md (YAML frontmatter with name and description, then the body). */
  draft(ctx: AuthorContext, hints?: DraftHints): Promise<string>;
  refactor(ctx: AuthorContext, draft: string, hints?: DraftHints): Promise<RefactoredDraft>;
  assess(ctx: AuthorContext, draft: string): Promise<DraftAssessment>;
}
