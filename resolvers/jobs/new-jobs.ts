// The jobs that concurrent createSkillJob calls create, written by one statement per batch (../group-commit.ts):
// 32 requests arriving together cost one INSERT of jobs, events and tasks instead of 32, on one pooled connection.
// One batcher per PrismaClient (each API process has one; each test database has its own).
import type { PrismaClient } from '../../prisma/database';
import { groupCommit, written, type GroupCommit } from '../group-commit';
import { insertJobs, type NewJob, type NewJobOutcome } from './journal';

const batchers = new WeakMap<PrismaClient, GroupCommit<NewJob, NewJobOutcome>>();

export function newJobs(prisma: PrismaClient): GroupCommit<NewJob, NewJobOutcome> {
  let batcher = batchers.get(prisma);
  if (!batcher) {
    batcher = groupCommit<NewJob, NewJobOutcome>(async (jobs) => (await insertJobs(prisma, jobs)).map(written));
    batchers.set(prisma, batcher);
  }
  return batcher;
}
