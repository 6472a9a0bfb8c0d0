// `jobs` (a table of your jobs) and `show <job>` (one job in detail).
import type { JobStatus, JobsQuery as JobsResult } from '../../clients/graphql/graphql';
import { request, type Connection } from '../connection';
import { CliError, EXIT, type ExitCode } from '../exit-codes';
import { JobDetailsQuery, JobsQuery, ValidateSkillQuery } from '../operations';
import { printList, type Output } from '../output';
import { renderTable } from '../table';

export const JOB_STATUSES: readonly JobStatus[] = [
  'PENDING',
  'RUNNING',
  'PENDING_HITL',
  'PENDING_REVIEW',
  'COMPLETED',
  'FAILED',
  'CANCELLED',
];

type JobRow = JobsResult['jobs']['edges'][number]['node'];

/** The API filters by status and text (task or skill name); pages of at most 100 until `limit` rows. */
export async function listJobs(
  connection: Connection,
  out: Output,
  flags: { status?: JobStatus[]; search?: string; limit: number },
): Promise<ExitCode> {
  const search = flags.search?.trim();
  const filter =
    flags.status || search
      ? { ...(flags.status ? { status: flags.status } : {}), ...(search ? { search } : {}) }
      : undefined;
  const rows: JobRow[] = [];
  let after: string | null | undefined;
  let total = 0;
  while (rows.length < flags.limit) {
    const { jobs } = await request(connection, JobsQuery, {
      first: Math.min(flags.limit - rows.length, 100),
      after,
      filter,
    });
    total = jobs.totalCount;
    rows.push(...jobs.edges.map((e) => e.node));
    if (!jobs.pageInfo.hasNextPage) break;
    after = jobs.pageInfo.endCursor;
  }
  const shown = rows.slice(0, flags.limit);
  printList(
    out,
    'jobs',
    shown,
    () =>
      shown.length === 0
        ? 'No jobs.'
        : renderTable(
            ['JOB', 'STATUS', 'PHASE', '%', 'SKILL', 'CREATED', 'TASK'],
            shown.map((j) => [
              j.jobId,
              j.status,
              j.currentPhase ?? '-',
              String(j.progressPercent),
              j.skillName ?? '-',
              j.createdAt.slice(0, 16).replace('T', ' '),
              j.taskDescription,
            ]),
          ),
    { totalCount: total },
  );
  return EXIT.ok;
}

export async function showJob(connection: Connection, out: Output, id: string): Promise<ExitCode> {
  const { job } = await request(connection, JobDetailsQuery, { id });
  if (!job) throw new CliError(`no job ${id} (or it is not yours)`, EXIT.usage);
  const report = job.draftContent
    ? (await request(connection, ValidateSkillQuery, { content: job.draftContent })).validateSkill
    : null;
  const { draftContent: _draft, ...details } = job;
  out.json({ job: details, validation: report });
  out.jsonl({ job: details, validation: report });
  if (out.format !== 'text') return EXIT.ok;

  const c = out.colors;
  const field = (name: string, value: unknown) => out.text(`${c.dim(name.padEnd(12))}${value ?? '-'}`);
  field('job', job.jobId);
  field('status', job.status);
  field('phase', job.currentPhase);
  field('progress', `${job.progressPercent}%${job.progressMessage ? ` ${job.progressMessage}` : ''}`);
  field('task', job.taskDescription);
  if (job.taskDescriptionRefined) field('refined', job.taskDescriptionRefined);
  field('skill', job.skillName);
  field('path', job.finalPath ?? job.taxonomyPath);
  field('promoted', job.promoted ? 'yes' : 'no');
  field('created', job.createdAt);
  if (job.completedAt) field('ended', job.completedAt);
  if (job.error) field('error', job.error);
  out.text('');
  out.text(c.bold('Prompts'));
  if (job.hitlInteractions.length === 0) out.text('  none');
  for (const i of job.hitlInteractions)
    out.text(`  #${i.interactionId} ${i.interactionType} round ${i.roundNumber}: ${i.status}`);
  if (job.validationScore !== null && job.validationScore !== undefined) {
    out.text('');
    out.text(c.bold('Validation'));
    out.text(`  ${job.validationPassed ? 'passed' : 'not passed'}, score ${job.validationScore.toFixed(2)}`);
    for (const e of report?.errors ?? []) out.text(`  error: ${e}`);
    for (const w of report?.warnings ?? []) out.text(`  warning: ${w}`);
  }
  const tdd = job.tddWorkflow;
  if (tdd) {
    out.text('');
    out.text(c.bold('TDD evidence'));
    out.text(
      `  last step ${tdd.phase ?? '-'}; baseline run: ${tdd.baselineTestsRun ? 'yes' : 'no'}; compliance run: ${tdd.complianceTestsRun ? 'yes' : 'no'}`,
    );
    for (const r of tdd.rationalizationsIdentified) out.text(`  • ${r}`);
  }
  return EXIT.ok;
}
