// Skill: a published SKILL.md. Every authenticated user may read skills; the job behind one only when they may see
// that job. Also the rule-based validator as a query.
import { queryFromInfo } from '@pothos/plugin-prisma';
import type { Skill } from '../prisma/database';
import { validateSkillContent, MAX_SKILL_CONTENT_CHARS } from '../resolvers/skill-content/validate-content';
import type { SkillCheck, SkillValidationReport } from '../resolvers/skill-content/validator';
import {
  countSkills,
  DEFAULT_SKILLS_PAGE,
  MAX_SKILLS_PAGE,
  searchSkills,
  type SkillFilter,
  type SkillQuery,
} from '../resolvers/skills/search-skills';
import { canSee } from '../resolvers/viewer';
import { builder } from './builder';
import { CheckSeverityEnum, SkillStatusEnum } from './enums';
import { NO_SUCH_UUID, parseUuidKey } from './ids';
import { JobRef } from './job';

export const SkillRef = builder.prismaNode('Skill', {
  description: 'A published skill: a SKILL.md that agents load. Every authenticated user may read skills.',
  id: { field: 'skillId', description: 'Opaque global id; node(id:) accepts it.' },
  nullable: true,
  findUnique: (id) => ({ skillId: parseUuidKey(id) ?? NO_SUCH_UUID }),
  fields: (t) => ({
    name: t.exposeString('name', { description: 'Kebab-case, 1..64 characters; unique.' }),
    taxonomyPath: t.exposeString('taxonomyPath', {
      description: 'Where it lives, e.g. "development/practices/postgres-migrations".',
    }),
    description: t.exposeString('description', { description: 'When to use it (the frontmatter description).' }),
    content: t.exposeString('content', { description: 'The SKILL.md text, frontmatter included.' }),
    version: t.exposeString('version', {
      description: 'Semantic version; a re-promotion publishes the next minor version.',
    }),
    status: t.field({ type: SkillStatusEnum, description: 'ACTIVE once promoted.', resolve: (s) => s.status }),
    job: t.field({
      type: JobRef,
      nullable: true,
      description: 'The job that produced the current version; null when it is gone or is not yours.',
      select: (_args, _ctx, nestedSelection) => ({ job: nestedSelection(true) }),
      resolve: (skill, _args, ctx) => (skill.job && canSee(ctx.viewer, skill.job) ? skill.job : null),
    }),
    validationScore: t.exposeFloat('validationScore', {
      nullable: true,
      description: 'The validation score of the published draft, 0..1.',
    }),
    createdAt: t.expose('createdAt', { type: 'DateTime', description: 'When the skill was first published.' }),
    updatedAt: t.expose('updatedAt', { type: 'DateTime', description: 'Last change.' }),
    publishedAt: t.expose('publishedAt', {
      type: 'DateTime',
      nullable: true,
      description: 'When the current version was published.',
    }),
  }),
});

builder.prismaObjectField(JobRef, 'skill', (t) =>
  t.field({
    type: SkillRef,
    nullable: true,
    description: 'The skill promoted from this job, if any (null once another job published a newer version of it).',
    select: (_args, _ctx, nestedSelection) => ({
      skills: nestedSelection({
        take: 1,
        orderBy: [{ publishedAt: { sort: 'desc', nulls: 'last' } }, { createdAt: 'desc' }],
      }),
    }),
    resolve: (job) => job.skills[0] ?? null,
  }),
);

const SkillFilterInput = builder.inputType('SkillFilter', {
  description: 'Narrow the skill list.',
  fields: (t) => ({
    status: t.field({ type: [SkillStatusEnum], required: false, description: 'Any of these statuses.' }),
    search: t.string({
      required: false,
      description:
        'Full-text search over name, description and content (English stemming; "phrases", -exclusions and OR work).',
    }),
  }),
});

interface SkillPageShape {
  edges: Array<{ cursor: string; node: Skill }>;
  pageInfo: { hasNextPage: boolean; hasPreviousPage: boolean; startCursor: string | null; endCursor: string | null };
  filter: SkillFilter | null;
}

const SkillEdgeRef = builder.objectRef<SkillPageShape['edges'][number]>('SkillEdge').implement({
  description: 'A skill in a page.',
  fields: (t) => ({
    cursor: t.exposeString('cursor', { description: 'Pass as `after` to get the skills after this one.' }),
    node: t.field({ type: SkillRef, description: 'The skill.', resolve: (edge) => edge.node }),
  }),
});

const SkillConnectionRef = builder.objectRef<SkillPageShape>('SkillConnection').implement({
  description: 'A page of skills.',
  fields: (t) => ({
    edges: t.field({
      type: [SkillEdgeRef],
      description: 'The skills of this page, newest first.',
      resolve: (c) => c.edges,
    }),
    pageInfo: t.field({
      type: builder.pageInfoRef(),
      description: 'Whether there is more, and the cursors.',
      resolve: (c) => c.pageInfo,
    }),
    totalCount: t.int({
      description: 'How many skills match the filter, over all pages.',
      resolve: (c, _args, ctx) => countSkills(ctx.services, c.filter),
    }),
  }),
});

const SkillValidationCheckRef = builder.objectRef<SkillCheck>('SkillCheck').implement({
  description: 'One check of the validator.',
  fields: (t) => ({
    name: t.exposeString('name', { description: 'Stable check name, e.g. "name_format".' }),
    passed: t.exposeBoolean('passed', {
      description: 'Whether the check passed (skipped checks pass, with a "skipped:" message).',
    }),
    severity: t.field({
      type: CheckSeverityEnum,
      description: 'How much a failure matters.',
      resolve: (c) => c.severity,
    }),
    message: t.exposeString('message', { nullable: true, description: 'Why it failed, or why it was skipped.' }),
  }),
});

const SkillValidationReportRef = builder.objectRef<SkillValidationReport>('SkillValidationReport').implement({
  description: 'What the rule-based validator thinks of a SKILL.md.',
  fields: (t) => ({
    passed: t.exposeBoolean('passed', { description: 'No errors and score >= 0.75.' }),
    score: t.exposeFloat('score', { description: '0..1: the weighted share of passed checks.' }),
    errors: t.exposeStringList('errors', { description: 'Messages of failed CRITICAL checks.' }),
    warnings: t.exposeStringList('warnings', { description: 'Messages of failed WARNING checks.' }),
    checks: t.field({
      type: [SkillValidationCheckRef],
      description: 'Every check, in a stable order.',
      resolve: (r) => r.checks,
    }),
  }),
});

builder.queryFields((t) => ({
  skills: t.field({
    type: SkillConnectionRef,
    description: 'Published skills, newest first (publishedAt, then id); visible to every authenticated user.',
    args: {
      first: t.arg.int({
        required: false,
        description: `Page size; default ${DEFAULT_SKILLS_PAGE}, capped at ${MAX_SKILLS_PAGE}.`,
      }),
      after: t.arg.string({ required: false, description: 'The endCursor of the previous page.' }),
      filter: t.arg({ type: SkillFilterInput, required: false, description: 'Narrow the list.' }),
    },
    resolve: async (_root, args, ctx, info) => {
      // What the query selects under edges.node (the job, say) loads with the page, not once per skill.
      const query = (await queryFromInfo({
        context: ctx,
        info,
        typeName: 'Skill',
        path: ['edges', 'node'],
        awaitSelections: true,
      })) as SkillQuery;
      const filter: SkillFilter | null = args.filter
        ? { status: args.filter.status ?? null, search: args.filter.search ?? null }
        : null;
      const page = await searchSkills(ctx.services, { first: args.first, after: args.after, filter }, query);
      return {
        edges: page.edges,
        pageInfo: {
          hasNextPage: page.hasNextPage,
          hasPreviousPage: Boolean(args.after),
          startCursor: page.edges[0]?.cursor ?? null,
          endCursor: page.edges.at(-1)?.cursor ?? null,
        },
        filter,
      };
    },
  }),
  skill: t.prismaField({
    type: 'Skill',
    nullable: true,
    description: 'A skill by its name; null when there is none.',
    args: { name: t.arg.string({ required: true, description: 'The kebab-case skill name.' }) },
    // PostgreSQL text cannot hold NUL, so no skill has such a name; sent as a query parameter it failed the
    // statement (an unexpected error) instead of finding nothing.
    resolve: (query, _root, args, ctx) =>
      args.name.includes('\u0000')
        ? null
        : ctx.services.prisma.skill.findUnique({ ...query, where: { name: args.name } }),
  }),
  validateSkill: t.field({
    type: SkillValidationReportRef,
    description: `Runs the rule-based validator on a SKILL.md (at most ${MAX_SKILL_CONTENT_CHARS} characters); writes nothing.`,
    args: { content: t.arg.string({ required: true, description: 'The SKILL.md text, frontmatter included.' }) },
    resolve: (_root, args) => validateSkillContent(args.content),
  }),
}));
