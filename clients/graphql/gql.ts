/* eslint-disable */
import * as types from './graphql';



/**
 * Map of all GraphQL operations in the project.
 *
 * This map has several performance disadvantages:
 * 1. It is not tree-shakeable, so it will include all operations in the project.
 * 2. It is not minifiable, so the string of a GraphQL query will be multiple times inside the bundle.
 * 3. It does not support dead code elimination, so it will add unused operations.
 *
 * Therefore it is highly recommended to use the babel or swc plugin for production.
 * Learn more about it here: https://the-guild.dev/graphql/codegen/plugins/presets/preset-client#reducing-bundle-size
 */
type Documents = {
    "\n  query JobState($id: ID!) {\n    job(id: $id) {\n      id\n      jobId\n      status\n      currentPhase\n      progressPercent\n      progressMessage\n      error\n      skillName\n      finalPath\n      pendingInteraction {\n        ...PromptFields\n      }\n    }\n  }\n": typeof types.JobStateDocument,
    "\n  query JobDetails($id: ID!) {\n    job(id: $id) {\n      id\n      jobId\n      status\n      currentPhase\n      progressPercent\n      progressMessage\n      error\n      taskDescription\n      taskDescriptionRefined\n      skillName\n      taxonomyPath\n      finalPath\n      promoted\n      createdAt\n      startedAt\n      completedAt\n      validationPassed\n      validationScore\n      draftContent\n      hitlInteractions {\n        interactionId\n        interactionType\n        roundNumber\n        status\n        createdAt\n        respondedAt\n        responseData\n      }\n      tddWorkflow {\n        phase\n        baselineTestsRun\n        complianceTestsRun\n        rationalizationsIdentified\n      }\n    }\n  }\n": typeof types.JobDetailsDocument,
    "\n  query ValidateSkill($content: String!) {\n    validateSkill(content: $content) {\n      ...ValidationReportFields\n    }\n  }\n": typeof types.ValidateSkillDocument,
    "\n  query Jobs($first: Int!, $after: String, $filter: JobFilter) {\n    jobs(first: $first, after: $after, filter: $filter) {\n      totalCount\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n      edges {\n        node {\n          ...JobRowFields\n        }\n      }\n    }\n  }\n": typeof types.JobsDocument,
    "\n  query PendingPrompts {\n    pendingHitlJobs {\n      jobId\n      pendingInteraction {\n        ...PromptFields\n      }\n    }\n  }\n": typeof types.PendingPromptsDocument,
    "\n  subscription JobEvents($jobId: ID!, $afterSequence: Int!) {\n    jobEvents(jobId: $jobId, afterSequence: $afterSequence) {\n      ...JobEventFields\n      data\n    }\n  }\n": typeof types.JobEventsDocument,
    "\n  query JobEventLog($id: ID!) {\n    job(id: $id) {\n      events {\n        ...JobEventFields\n        data\n      }\n    }\n  }\n": typeof types.JobEventLogDocument,
    "\n  mutation CreateSkillJob($input: CreateSkillJobInput!) {\n    createSkillJob(input: $input) {\n      __typename\n      ... on CreateSkillJobSuccess {\n        job {\n          id\n          jobId\n          status\n        }\n      }\n      ... on ValidationError {\n        message\n        field\n      }\n    }\n  }\n": typeof types.CreateSkillJobDocument,
    "\n  mutation RespondToHitl($input: RespondToHitlInput!) {\n    respondToHitl(input: $input) {\n      __typename\n      ... on RespondToHitlSuccess {\n        job {\n          jobId\n          status\n        }\n      }\n      ... on ValidationError {\n        message\n        field\n      }\n      ... on Error {\n        message\n      }\n    }\n  }\n": typeof types.RespondToHitlDocument,
    "\n  mutation CancelJob($input: CancelJobInput!) {\n    cancelJob(input: $input) {\n      __typename\n      ... on CancelJobSuccess {\n        job {\n          jobId\n          status\n        }\n      }\n      ... on InvalidStateError {\n        currentStatus\n      }\n      ... on Error {\n        message\n      }\n    }\n  }\n": typeof types.CancelJobDocument,
    "\n  mutation RetryJob($input: RetryJobInput!) {\n    retryJob(input: $input) {\n      __typename\n      ... on RetryJobSuccess {\n        job {\n          jobId\n          status\n        }\n      }\n      ... on InvalidStateError {\n        currentStatus\n      }\n      ... on Error {\n        message\n      }\n    }\n  }\n": typeof types.RetryJobDocument,
    "\n  mutation PromoteSkill($input: PromoteSkillInput!) {\n    promoteSkill(input: $input) {\n      __typename\n      ... on PromoteSkillSuccess {\n        job {\n          jobId\n          status\n        }\n        skill {\n          name\n          version\n          taxonomyPath\n        }\n      }\n      ... on ValidationError {\n        field\n      }\n      ... on InvalidStateError {\n        currentStatus\n      }\n      ... on Error {\n        message\n      }\n    }\n  }\n": typeof types.PromoteSkillDocument,
    "\n  query Skills($first: Int!, $filter: SkillFilter) {\n    skills(first: $first, filter: $filter) {\n      totalCount\n      edges {\n        node {\n          ...SkillRowFields\n        }\n      }\n    }\n  }\n": typeof types.SkillsDocument,
    "\n  query Skill($name: String!) {\n    skill(name: $name) {\n      name\n      version\n      taxonomyPath\n      content\n    }\n  }\n": typeof types.SkillDocument,
    "fragment PromptFields on HitlInteraction {\n  id\n  interactionId\n  interactionType\n  roundNumber\n  status\n  timeoutAt\n  job {\n    id\n    jobId\n    taskDescription\n  }\n  prompt {\n    __typename\n    ... on QuestionsPrompt {\n      rationale\n      questions {\n        id\n        text\n        questionType\n        required\n        allowsOther\n        options {\n          id\n          label\n          description\n        }\n      }\n    }\n    ... on ReviewPrompt {\n      title\n      summary\n      content\n      highlights\n      allowedActions\n      defaultAction\n    }\n  }\n}\n\nfragment JobRowFields on Job {\n  id\n  jobId\n  status\n  currentPhase\n  progressPercent\n  skillName\n  taskDescription\n  createdAt\n}\n\nfragment JobEventFields on JobEvent {\n  sequence\n  type\n  status\n  phase\n  progressPercent\n  message\n  createdAt\n}\n\nfragment SkillRowFields on Skill {\n  name\n  version\n  taxonomyPath\n  description\n  validationScore\n  publishedAt\n}\n\nfragment ValidationReportFields on SkillValidationReport {\n  passed\n  score\n  errors\n  warnings\n}": typeof types.PromptFieldsFragmentDoc,
};
const documents: Documents = {
    "\n  query JobState($id: ID!) {\n    job(id: $id) {\n      id\n      jobId\n      status\n      currentPhase\n      progressPercent\n      progressMessage\n      error\n      skillName\n      finalPath\n      pendingInteraction {\n        ...PromptFields\n      }\n    }\n  }\n": types.JobStateDocument,
    "\n  query JobDetails($id: ID!) {\n    job(id: $id) {\n      id\n      jobId\n      status\n      currentPhase\n      progressPercent\n      progressMessage\n      error\n      taskDescription\n      taskDescriptionRefined\n      skillName\n      taxonomyPath\n      finalPath\n      promoted\n      createdAt\n      startedAt\n      completedAt\n      validationPassed\n      validationScore\n      draftContent\n      hitlInteractions {\n        interactionId\n        interactionType\n        roundNumber\n        status\n        createdAt\n        respondedAt\n        responseData\n      }\n      tddWorkflow {\n        phase\n        baselineTestsRun\n        complianceTestsRun\n        rationalizationsIdentified\n      }\n    }\n  }\n": types.JobDetailsDocument,
    "\n  query ValidateSkill($content: String!) {\n    validateSkill(content: $content) {\n      ...ValidationReportFields\n    }\n  }\n": types.ValidateSkillDocument,
    "\n  query Jobs($first: Int!, $after: String, $filter: JobFilter) {\n    jobs(first: $first, after: $after, filter: $filter) {\n      totalCount\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n      edges {\n        node {\n          ...JobRowFields\n        }\n      }\n    }\n  }\n": types.JobsDocument,
    "\n  query PendingPrompts {\n    pendingHitlJobs {\n      jobId\n      pendingInteraction {\n        ...PromptFields\n      }\n    }\n  }\n": types.PendingPromptsDocument,
    "\n  subscription JobEvents($jobId: ID!, $afterSequence: Int!) {\n    jobEvents(jobId: $jobId, afterSequence: $afterSequence) {\n      ...JobEventFields\n      data\n    }\n  }\n": types.JobEventsDocument,
    "\n  query JobEventLog($id: ID!) {\n    job(id: $id) {\n      events {\n        ...JobEventFields\n        data\n      }\n    }\n  }\n": types.JobEventLogDocument,
    "\n  mutation CreateSkillJob($input: CreateSkillJobInput!) {\n    createSkillJob(input: $input) {\n      __typename\n      ... on CreateSkillJobSuccess {\n        job {\n          id\n          jobId\n          status\n        }\n      }\n      ... on ValidationError {\n        message\n        field\n      }\n    }\n  }\n": types.CreateSkillJobDocument,
    "\n  mutation RespondToHitl($input: RespondToHitlInput!) {\n    respondToHitl(input: $input) {\n      __typename\n      ... on RespondToHitlSuccess {\n        job {\n          jobId\n          status\n        }\n      }\n      ... on ValidationError {\n        message\n        field\n      }\n      ... on Error {\n        message\n      }\n    }\n  }\n": types.RespondToHitlDocument,
    "\n  mutation CancelJob($input: CancelJobInput!) {\n    cancelJob(input: $input) {\n      __typename\n      ... on CancelJobSuccess {\n        job {\n          jobId\n          status\n        }\n      }\n      ... on InvalidStateError {\n        currentStatus\n      }\n      ... on Error {\n        message\n      }\n    }\n  }\n": types.CancelJobDocument,
    "\n  mutation RetryJob($input: RetryJobInput!) {\n    retryJob(input: $input) {\n      __typename\n      ... on RetryJobSuccess {\n        job {\n          jobId\n          status\n        }\n      }\n      ... on InvalidStateError {\n        currentStatus\n      }\n      ... on Error {\n        message\n      }\n    }\n  }\n": types.RetryJobDocument,
    "\n  mutation PromoteSkill($input: PromoteSkillInput!) {\n    promoteSkill(input: $input) {\n      __typename\n      ... on PromoteSkillSuccess {\n        job {\n          jobId\n          status\n        }\n        skill {\n          name\n          version\n          taxonomyPath\n        }\n      }\n      ... on ValidationError {\n        field\n      }\n      ... on InvalidStateError {\n        currentStatus\n      }\n      ... on Error {\n        message\n      }\n    }\n  }\n": types.PromoteSkillDocument,
    "\n  query Skills($first: Int!, $filter: SkillFilter) {\n    skills(first: $first, filter: $filter) {\n      totalCount\n      edges {\n        node {\n          ...SkillRowFields\n        }\n      }\n    }\n  }\n": types.SkillsDocument,
    "\n  query Skill($name: String!) {\n    skill(name: $name) {\n      name\n      version\n      taxonomyPath\n      content\n    }\n  }\n": types.SkillDocument,
    "fragment PromptFields on HitlInteraction {\n  id\n  interactionId\n  interactionType\n  roundNumber\n  status\n  timeoutAt\n  job {\n    id\n    jobId\n    taskDescription\n  }\n  prompt {\n    __typename\n    ... on QuestionsPrompt {\n      rationale\n      questions {\n        id\n        text\n        questionType\n        required\n        allowsOther\n        options {\n          id\n          label\n          description\n        }\n      }\n    }\n    ... on ReviewPrompt {\n      title\n      summary\n      content\n      highlights\n      allowedActions\n      defaultAction\n    }\n  }\n}\n\nfragment JobRowFields on Job {\n  id\n  jobId\n  status\n  currentPhase\n  progressPercent\n  skillName\n  taskDescription\n  createdAt\n}\n\nfragment JobEventFields on JobEvent {\n  sequence\n  type\n  status\n  phase\n  progressPercent\n  message\n  createdAt\n}\n\nfragment SkillRowFields on Skill {\n  name\n  version\n  taxonomyPath\n  description\n  validationScore\n  publishedAt\n}\n\nfragment ValidationReportFields on SkillValidationReport {\n  passed\n  score\n  errors\n  warnings\n}": types.PromptFieldsFragmentDoc,
};

/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query JobState($id: ID!) {\n    job(id: $id) {\n      id\n      jobId\n      status\n      currentPhase\n      progressPercent\n      progressMessage\n      error\n      skillName\n      finalPath\n      pendingInteraction {\n        ...PromptFields\n      }\n    }\n  }\n"): typeof import('./graphql').JobStateDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query JobDetails($id: ID!) {\n    job(id: $id) {\n      id\n      jobId\n      status\n      currentPhase\n      progressPercent\n      progressMessage\n      error\n      taskDescription\n      taskDescriptionRefined\n      skillName\n      taxonomyPath\n      finalPath\n      promoted\n      createdAt\n      startedAt\n      completedAt\n      validationPassed\n      validationScore\n      draftContent\n      hitlInteractions {\n        interactionId\n        interactionType\n        roundNumber\n        status\n        createdAt\n        respondedAt\n        responseData\n      }\n      tddWorkflow {\n        phase\n        baselineTestsRun\n        complianceTestsRun\n        rationalizationsIdentified\n      }\n    }\n  }\n"): typeof import('./graphql').JobDetailsDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query ValidateSkill($content: String!) {\n    validateSkill(content: $content) {\n      ...ValidationReportFields\n    }\n  }\n"): typeof import('./graphql').ValidateSkillDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query Jobs($first: Int!, $after: String, $filter: JobFilter) {\n    jobs(first: $first, after: $after, filter: $filter) {\n      totalCount\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n      edges {\n        node {\n          ...JobRowFields\n        }\n      }\n    }\n  }\n"): typeof import('./graphql').JobsDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query PendingPrompts {\n    pendingHitlJobs {\n      jobId\n      pendingInteraction {\n        ...PromptFields\n      }\n    }\n  }\n"): typeof import('./graphql').PendingPromptsDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  subscription JobEvents($jobId: ID!, $afterSequence: Int!) {\n    jobEvents(jobId: $jobId, afterSequence: $afterSequence) {\n      ...JobEventFields\n      data\n    }\n  }\n"): typeof import('./graphql').JobEventsDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query JobEventLog($id: ID!) {\n    job(id: $id) {\n      events {\n        ...JobEventFields\n        data\n      }\n    }\n  }\n"): typeof import('./graphql').JobEventLogDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation CreateSkillJob($input: CreateSkillJobInput!) {\n    createSkillJob(input: $input) {\n      __typename\n      ... on CreateSkillJobSuccess {\n        job {\n          id\n          jobId\n          status\n        }\n      }\n      ... on ValidationError {\n        message\n        field\n      }\n    }\n  }\n"): typeof import('./graphql').CreateSkillJobDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation RespondToHitl($input: RespondToHitlInput!) {\n    respondToHitl(input: $input) {\n      __typename\n      ... on RespondToHitlSuccess {\n        job {\n          jobId\n          status\n        }\n      }\n      ... on ValidationError {\n        message\n        field\n      }\n      ... on Error {\n        message\n      }\n    }\n  }\n"): typeof import('./graphql').RespondToHitlDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation CancelJob($input: CancelJobInput!) {\n    cancelJob(input: $input) {\n      __typename\n      ... on CancelJobSuccess {\n        job {\n          jobId\n          status\n        }\n      }\n      ... on InvalidStateError {\n        currentStatus\n      }\n      ... on Error {\n        message\n      }\n    }\n  }\n"): typeof import('./graphql').CancelJobDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation RetryJob($input: RetryJobInput!) {\n    retryJob(input: $input) {\n      __typename\n      ... on RetryJobSuccess {\n        job {\n          jobId\n          status\n        }\n      }\n      ... on InvalidStateError {\n        currentStatus\n      }\n      ... on Error {\n        message\n      }\n    }\n  }\n"): typeof import('./graphql').RetryJobDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation PromoteSkill($input: PromoteSkillInput!) {\n    promoteSkill(input: $input) {\n      __typename\n      ... on PromoteSkillSuccess {\n        job {\n          jobId\n          status\n        }\n        skill {\n          name\n          version\n          taxonomyPath\n        }\n      }\n      ... on ValidationError {\n        field\n      }\n      ... on InvalidStateError {\n        currentStatus\n      }\n      ... on Error {\n        message\n      }\n    }\n  }\n"): typeof import('./graphql').PromoteSkillDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query Skills($first: Int!, $filter: SkillFilter) {\n    skills(first: $first, filter: $filter) {\n      totalCount\n      edges {\n        node {\n          ...SkillRowFields\n        }\n      }\n    }\n  }\n"): typeof import('./graphql').SkillsDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query Skill($name: String!) {\n    skill(name: $name) {\n      name\n      version\n      taxonomyPath\n      content\n    }\n  }\n"): typeof import('./graphql').SkillDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "fragment PromptFields on HitlInteraction {\n  id\n  interactionId\n  interactionType\n  roundNumber\n  status\n  timeoutAt\n  job {\n    id\n    jobId\n    taskDescription\n  }\n  prompt {\n    __typename\n    ... on QuestionsPrompt {\n      rationale\n      questions {\n        id\n        text\n        questionType\n        required\n        allowsOther\n        options {\n          id\n          label\n          description\n        }\n      }\n    }\n    ... on ReviewPrompt {\n      title\n      summary\n      content\n      highlights\n      allowedActions\n      defaultAction\n    }\n  }\n}\n\nfragment JobRowFields on Job {\n  id\n  jobId\n  status\n  currentPhase\n  progressPercent\n  skillName\n  taskDescription\n  createdAt\n}\n\nfragment JobEventFields on JobEvent {\n  sequence\n  type\n  status\n  phase\n  progressPercent\n  message\n  createdAt\n}\n\nfragment SkillRowFields on Skill {\n  name\n  version\n  taxonomyPath\n  description\n  validationScore\n  publishedAt\n}\n\nfragment ValidationReportFields on SkillValidationReport {\n  passed\n  score\n  errors\n  warnings\n}"): typeof import('./graphql').PromptFieldsFragmentDoc;


export function graphql(source: string) {
  return (documents as any)[source] ?? {};
}
