// The setup of the promotion suites (promotion.test.ts, promotion-skills-dir.test.ts): a real database and worker
// with SKILLS_DIR in a sandbox, and an author that is the offline one except where a test overrides a task's
// refinement or drafts.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, expect } from 'vitest';
import type { Job } from '../../prisma/database';
import { makeOfflineAuthor } from '../../resolvers/author/offline';
import type {
  AuthorContext,
  DraftHints,
  RefactoredDraft,
  SkillAuthor,
  TaskRefinement,
} from '../../resolvers/author/types';
import { createSkillJob } from '../../resolvers/jobs/create-skill-job';
import type { Services } from '../../resolvers/services';
import type { Viewer } from '../../resolvers/viewer';
import { createTestDatabase, type TestDatabase } from './database';
import { makeTestServices, startTestWorker, waitForJob } from './services';
import { ALL_PROMPTS_OFF } from '../../harness/job-policies';

export const alice: Viewer = { userId: 'alice', isAdmin: false };
export const bob: Viewer = { userId: 'bob', isAdmin: false };

// A test author: the offline author, with per-task overrides (keyed by the job's task description).

interface Override {
  refine?: (ctx: AuthorContext) => Promise<TaskRefinement>;
  draft?: (ctx: AuthorContext, hints?: DraftHints) => Promise<string>;
  refactor?: (ctx: AuthorContext, draft: string, hints?: DraftHints) => Promise<RefactoredDraft>;
}

export const offline = makeOfflineAuthor();
export const overrides = new Map<string, Override>();
const testAuthor: SkillAuthor = {
  name: 'test',
  refine: (ctx) => overrides.get(ctx.taskDescription)?.refine?.(ctx) ?? offline.refine(ctx),
  ask: (ctx, round) => offline.ask(ctx, round),
  understand: (ctx) => offline.understand(ctx),
  scenarios: (ctx) => offline.scenarios(ctx),
  draft: (ctx, hints) => overrides.get(ctx.taskDescription)?.draft?.(ctx, hints) ?? offline.draft(ctx, hints),
  refactor: (ctx, draft, hints) =>
    overrides.get(ctx.taskDescription)?.refactor?.(ctx, draft, hints) ?? offline.refactor(ctx, draft, hints),
  assess: (ctx, draft) => offline.assess(ctx, draft),
};

/** The SKILL.md without its "When to Use" section: a CRITICAL validator failure, whatever else is right. */
export function withoutWhenToUse(markdown: string): string {
  const out: string[] = [];
  let skipLevel = 0;
  for (const line of markdown.split('\n')) {
    const heading = /^(#{1,6})\s+(.*)$/.exec(line);
    if (heading) {
      const level = heading[1]!.length;
      if (skipLevel > 0 && level <= skipLevel) skipLevel = 0;
      if (skipLevel === 0 && /when to use/i.test(heading[2]!)) {
        skipLevel = level;
        continue;
      }
    }
    if (skipLevel === 0) out.push(line);
  }
  return out.join('\n');
}

/** Drafts and refactors (also VALIDATION's refinements) that always lack the "When to Use" section. */
export const brokenDrafts: Override = {
  draft: async (ctx, hints) => withoutWhenToUse(await offline.draft(ctx, hints)),
  refactor: async (ctx, draft, hints) => {
    const refactored = await offline.refactor(ctx, draft, hints);
    return { ...refactored, content: withoutWhenToUse(refactored.content) };
  },
};

export function proposing(patch: Partial<TaskRefinement>): Override {
  return { refine: async (ctx) => ({ ...(await offline.refine(ctx)), ...patch }) };
}

export let db: TestDatabase;
export let services: Services;
let worker: Awaited<ReturnType<typeof startTestWorker>>;
export let sandbox: string;
export let skillsDir: string;

/**
 * Starts the database and the worker before the calling file's tests (the `let` bindings above are live) and stops
 * them after.
 */
export function usePromotionSetup(): void {
  beforeAll(async () => {
    sandbox = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'skills-promotion-')));
    // Nested, so that "../../x" from SKILLS_DIR still lands inside the sandbox, where the test can look.
    skillsDir = path.join(sandbox, 'a', 'b', 'skills');
    db = await createTestDatabase();
    // One attempt per phase: a phase that throws fails the job at once instead of after graphile-worker's backoff.
    services = makeTestServices(db, { author: testAuthor, settings: { skillsDir, phaseMaxAttempts: 1 } });
    worker = await startTestWorker(db, services);
  });

  afterAll(async () => {
    await worker?.close();
    await db?.drop();
    if (sandbox) fs.rmSync(sandbox, { recursive: true, force: true });
  });
}

const FINISHED = new Set(['COMPLETED', 'PENDING_REVIEW', 'FAILED', 'CANCELLED']);

export async function runToEnd(taskDescription: string, override?: Override): Promise<Job> {
  if (override) overrides.set(taskDescription, override);
  const job = await createSkillJob(services, alice, { taskDescription, hitl: ALL_PROMPTS_OFF });
  return waitForJob(db, job.jobId, (j) => FINISHED.has(j.status), { description: 'the end of the automatic run' });
}

export function skillFile(taxonomyPath: string): string {
  return path.join(skillsDir, ...taxonomyPath.split('/'), 'SKILL.md');
}

export async function failureOf<T extends Error>(
  promise: Promise<unknown>,
  type: new (...args: never[]) => T,
): Promise<T> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(type);
  return error as T;
}

export async function events(jobId: string) {
  return db.prisma.jobEvent.findMany({ where: { jobId }, orderBy: { sequence: 'asc' } });
}
