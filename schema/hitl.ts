// HitlInteraction: a prompt put to the job's owner, with a typed view of what it asks.
import { parsePrompt, type QuestionsPrompt, type ReviewPrompt } from '../resolvers/hitl/prompts';
import { builder } from './builder';
import { NO_SUCH_INT, parseIntKey } from './ids';
import { HitlActionEnum, HitlQuestionTypeEnum, HitlStatusEnum, HitlTypeEnum } from './enums';

type Question = QuestionsPrompt['questions'][number];
type Option = Question['options'][number];

const HitlOption = builder.objectRef<Option>('HitlOption').implement({
  description: 'A choice of a SINGLE, MULTI or BOOLEAN question.',
  fields: (t) => ({
    id: t.exposeString('id', { description: 'Refer to it in HitlAnswerInput.optionIds.' }),
    label: t.exposeString('label', { description: 'What to show.' }),
    description: t.string({
      nullable: true,
      description: 'More detail, if any.',
      resolve: (o) => o.description ?? null,
    }),
  }),
});

const HitlQuestion = builder.objectRef<Question>('HitlQuestion').implement({
  description: 'One question of a QuestionsPrompt.',
  fields: (t) => ({
    id: t.exposeString('id', { description: 'Stable within the interaction; answers refer to it.' }),
    text: t.exposeString('text', { description: 'The question.' }),
    questionType: t.field({
      type: HitlQuestionTypeEnum,
      description: 'How to answer it.',
      resolve: (q) => q.questionType,
    }),
    options: t.field({ type: [HitlOption], description: 'The choices; empty for TEXT.', resolve: (q) => q.options }),
    allowsOther: t.exposeBoolean('allowsOther', { description: 'Whether free text is accepted besides the options.' }),
    required: t.exposeBoolean('required', { description: 'Whether the question must be answered.' }),
  }),
});

export const QuestionsPromptRef = builder.objectRef<QuestionsPrompt>('QuestionsPrompt').implement({
  description: 'CLARIFY and DEEP_UNDERSTANDING: questions to answer with respondToHitl(answers).',
  fields: (t) => ({
    questions: t.field({ type: [HitlQuestion], description: 'The questions, in order.', resolve: (p) => p.questions }),
    rationale: t.string({
      nullable: true,
      description: 'Why these questions are asked.',
      resolve: (p) => p.rationale ?? null,
    }),
  }),
});

export const ReviewPromptRef = builder.objectRef<ReviewPrompt>('ReviewPrompt').implement({
  description: 'CONFIRM, PREVIEW, VALIDATE and TDD_*: something to review, then an action.',
  fields: (t) => ({
    title: t.exposeString('title', { description: 'What is being reviewed.' }),
    summary: t.exposeString('summary', {
      description: 'What the user is asked to approve, in plain text or markdown.',
    }),
    content: t.string({
      nullable: true,
      description: 'The material itself, e.g. the SKILL.md draft for PREVIEW.',
      resolve: (p) => p.content ?? null,
    }),
    highlights: t.exposeStringList('highlights', { description: 'Points worth a look.' }),
    allowedActions: t.field({
      type: [HitlActionEnum],
      description: 'The actions respondToHitl accepts.',
      resolve: (p) => p.allowedActions,
    }),
    defaultAction: t.field({
      type: HitlActionEnum,
      nullable: true,
      description: 'What happens when nobody answers before timeoutAt; null means the job fails.',
      resolve: (p) => p.defaultAction ?? null,
    }),
  }),
});

export const HitlPromptUnion = builder.unionType('HitlPrompt', {
  description: 'The typed view of a prompt.',
  types: [QuestionsPromptRef, ReviewPromptRef],
  resolveType: (prompt) => (prompt.kind === 'questions' ? QuestionsPromptRef : ReviewPromptRef),
});

export const HitlInteractionRef = builder.prismaNode('HitlInteraction', {
  description: 'A prompt put to the owner of a job (human-in-the-loop).',
  id: { field: 'interactionId', description: 'Opaque global id; node(id:) and respondToHitl accept it.' },
  // node(id:) and the loads Pothos makes on its own see only prompts on the viewer's jobs (all for admins).
  nullable: true,
  findUnique: (id, ctx) => ({
    interactionId: parseIntKey(id) ?? NO_SUCH_INT,
    ...(ctx.viewer.isAdmin ? {} : { job: { is: { userId: ctx.viewer.userId } } }),
  }),
  fields: (t) => ({
    interactionId: t.exposeInt('interactionId', {
      description: 'The numeric id; respondToHitl accepts it or the global id.',
    }),
    job: t.relation('job', { description: 'The job that asked.' }),
    interactionType: t.field({
      type: HitlTypeEnum,
      description: 'What kind of prompt it is.',
      resolve: (i) => i.interactionType,
    }),
    roundNumber: t.exposeInt('roundNumber', {
      description: 'The how-many-th prompt of this type on the job (1-based).',
    }),
    status: t.field({
      type: HitlStatusEnum,
      description: 'PENDING until answered, timed out or cancelled.',
      resolve: (i) => i.status,
    }),
    prompt: t.field({
      type: HitlPromptUnion,
      description: 'Typed view of promptData.',
      resolve: (i) => parsePrompt(i.promptData),
    }),
    promptData: t.field({ type: 'JSON', description: 'The prompt as stored.', resolve: (i) => i.promptData }),
    responseData: t.field({
      type: 'JSON',
      nullable: true,
      description: 'The accepted response, or the default applied at timeout.',
      resolve: (i) => i.responseData,
    }),
    createdAt: t.expose('createdAt', { type: 'DateTime', description: 'When the prompt was raised.' }),
    respondedAt: t.expose('respondedAt', { type: 'DateTime', nullable: true, description: 'When it was answered.' }),
    timeoutAt: t.expose('timeoutAt', {
      type: 'DateTime',
      nullable: true,
      description: 'When it times out if unanswered.',
    }),
  }),
});
