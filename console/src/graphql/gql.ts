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
    "mutation CreateSkillJob($input: CreateSkillJobInput!) {\n  createSkillJob(input: $input) {\n    __typename\n    ... on CreateSkillJobSuccess {\n      job {\n        id\n        jobId\n        status\n      }\n    }\n    ... on ValidationError {\n      message\n      field\n    }\n  }\n}\n\nmutation RespondToHitl($input: RespondToHitlInput!) {\n  respondToHitl(input: $input) {\n    __typename\n    ... on RespondToHitlSuccess {\n      job {\n        jobId\n        status\n      }\n    }\n    ... on ValidationError {\n      message\n      field\n    }\n    ... on Error {\n      message\n    }\n  }\n}\n\nmutation CancelJob($input: CancelJobInput!) {\n  cancelJob(input: $input) {\n    __typename\n    ... on CancelJobSuccess {\n      job {\n        jobId\n        status\n      }\n    }\n    ... on InvalidStateError {\n      currentStatus\n    }\n    ... on Error {\n      message\n    }\n  }\n}\n\nmutation RetryJob($input: RetryJobInput!) {\n  retryJob(input: $input) {\n    __typename\n    ... on RetryJobSuccess {\n      job {\n        jobId\n        status\n      }\n    }\n    ... on InvalidStateError {\n      currentStatus\n    }\n    ... on Error {\n      message\n    }\n  }\n}\n\nmutation PromoteSkill($input: PromoteSkillInput!) {\n  promoteSkill(input: $input) {\n    __typename\n    ... on PromoteSkillSuccess {\n      job {\n        jobId\n        status\n      }\n      skill {\n        name\n        version\n        taxonomyPath\n      }\n    }\n    ... on ValidationError {\n      field\n    }\n    ... on InvalidStateError {\n      currentStatus\n    }\n    ... on Error {\n      message\n    }\n  }\n}": typeof types.CreateSkillJobDocument,
    "fragment PromptFields on HitlInteraction {\n  id\n  interactionId\n  interactionType\n  roundNumber\n  status\n  timeoutAt\n  job {\n    id\n    jobId\n    taskDescription\n  }\n  prompt {\n    __typename\n    ... on QuestionsPrompt {\n      rationale\n      questions {\n        id\n        text\n        questionType\n        required\n        allowsOther\n        options {\n          id\n          label\n          description\n        }\n      }\n    }\n    ... on ReviewPrompt {\n      title\n      summary\n      content\n      highlights\n      allowedActions\n      defaultAction\n    }\n  }\n}\n\nfragment JobRowFields on Job {\n  id\n  jobId\n  status\n  currentPhase\n  progressPercent\n  skillName\n  taskDescription\n  createdAt\n}\n\nfragment JobEventFields on JobEvent {\n  sequence\n  type\n  status\n  phase\n  progressPercent\n  message\n  createdAt\n}\n\nfragment SkillRowFields on Skill {\n  name\n  version\n  taxonomyPath\n  description\n  validationScore\n  publishedAt\n}\n\nfragment ValidationReportFields on SkillValidationReport {\n  passed\n  score\n  errors\n  warnings\n}": typeof types.PromptFieldsFragmentDoc,
    "\n  query ConsoleViewer {\n    viewer {\n      userId\n      isAdmin\n    }\n  }\n": typeof types.ConsoleViewerDocument,
    "\n  fragment ConsolePrompt on HitlInteraction {\n    ...PromptFields\n    createdAt\n    respondedAt\n    responseData\n    job {\n      skillName\n    }\n  }\n": typeof types.ConsolePromptFragmentDoc,
    "\n  fragment ConsoleJobRow on Job {\n    ...JobRowFields\n    userId\n    progressMessage\n    pendingInteraction {\n      id\n    }\n  }\n": typeof types.ConsoleJobRowFragmentDoc,
    "\n  subscription ConsoleJobRowUpdated($jobId: ID!) {\n    jobUpdated(jobId: $jobId) {\n      ...ConsoleJobRow\n    }\n  }\n": typeof types.ConsoleJobRowUpdatedDocument,
    "\n  fragment ConsoleJob on Job {\n    id\n    jobId\n    userId\n    status\n    currentPhase\n    progressPercent\n    progressMessage\n    error\n    taskDescription\n    taskDescriptionRefined\n    skillName\n    taxonomyPath\n    finalPath\n    promoted\n    createdAt\n    completedAt\n    validationPassed\n    validationScore\n    draftContent\n    pendingInteraction {\n      ...ConsolePrompt\n    }\n    hitlInteractions {\n      ...ConsolePrompt\n    }\n    tddWorkflow {\n      phase\n      rationalizationsIdentified\n      baselineTestsRun\n      complianceTestsRun\n      agentUnderTest\n      notRunReason\n      baselineViolationRate\n      complianceRate\n      iterations\n      scenarioRuns {\n        scenarioId\n        scenarioTitle\n        withSkill\n        iteration\n        sample\n        answer\n        verdict\n        rationalization\n        judgeReason\n        current\n      }\n    }\n    llmUsage {\n      calls\n      promptTokens\n      completionTokens\n    }\n    skill {\n      name\n      version\n    }\n  }\n": typeof types.ConsoleJobFragmentDoc,
    "\n  query ConsoleJob($id: ID!) {\n    job(id: $id) {\n      ...ConsoleJob\n    }\n  }\n": typeof types.ConsoleJobDocument,
    "\n  subscription ConsoleJobUpdated($jobId: ID!) {\n    jobUpdated(jobId: $jobId) {\n      ...ConsoleJob\n    }\n  }\n": typeof types.ConsoleJobUpdatedDocument,
    "\n  subscription ConsoleJobEvents($jobId: ID!, $afterSequence: Int!) {\n    jobEvents(jobId: $jobId, afterSequence: $afterSequence) {\n      ...JobEventFields\n    }\n  }\n": typeof types.ConsoleJobEventsDocument,
    "\n  subscription ConsolePromptPending {\n    hitlPromptPending {\n      ...ConsolePrompt\n    }\n  }\n": typeof types.ConsolePromptPendingDocument,
    "\n  query ConsoleValidateSkill($content: String!) {\n    validateSkill(content: $content) {\n      ...ValidationReportFields\n      checks {\n        name\n        passed\n        severity\n        message\n      }\n    }\n  }\n": typeof types.ConsoleValidateSkillDocument,
    "\n  query ConsoleSkills($first: Int!, $after: String, $filter: SkillFilter) {\n    skills(first: $first, after: $after, filter: $filter) {\n      totalCount\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n      edges {\n        node {\n          ...SkillRowFields\n          status\n        }\n      }\n    }\n  }\n": typeof types.ConsoleSkillsDocument,
    "\n  query ConsoleSkill($name: String!) {\n    skill(name: $name) {\n      name\n      version\n      status\n      taxonomyPath\n      description\n      validationScore\n      publishedAt\n      content\n      job {\n        id\n        jobId\n        status\n        taskDescription\n      }\n    }\n  }\n": typeof types.ConsoleSkillDocument,
    "\n  query ConsoleOperations {\n    jobStats {\n      status\n      count\n      avgDurationSeconds\n    }\n    stuckJobs(olderThanMinutes: 15) {\n      ...ConsoleJobRow\n    }\n    jobs(first: 100, filter: { status: [PENDING_HITL] }) {\n      totalCount\n      edges {\n        node {\n          ...ConsoleJobRow\n          pendingInteraction {\n            ...ConsolePrompt\n          }\n        }\n      }\n    }\n  }\n": typeof types.ConsoleOperationsDocument,
    "\n  fragment ConsoleLiveJobRow on Job {\n    ...ConsoleJobRow\n    updatedAt\n  }\n": typeof types.ConsoleLiveJobRowFragmentDoc,
    "\n  query ConsoleLiveJobs($first: Int, $after: String, $last: Int, $before: String, $filter: JobFilter) {\n    jobs(first: $first, after: $after, last: $last, before: $before, filter: $filter) {\n      totalCount\n      pageInfo {\n        hasNextPage\n        hasPreviousPage\n        startCursor\n        endCursor\n      }\n      edges {\n        node {\n          ...ConsoleLiveJobRow\n        }\n      }\n    }\n  }\n": typeof types.ConsoleLiveJobsDocument,
    "\n  subscription ConsoleJobsChanged($filter: JobFilter, $replaySeconds: Int) {\n    jobsChanged(filter: $filter, replaySeconds: $replaySeconds) {\n      ...ConsoleLiveJobRow\n    }\n  }\n": typeof types.ConsoleJobsChangedDocument,
    "\n  subscription ConsoleAnyJobChanged {\n    jobsChanged(replaySeconds: 10) {\n      id\n    }\n  }\n": typeof types.ConsoleAnyJobChangedDocument,
    "\n  query ConsoleWorkflow {\n    workflowPhases\n    jobStatuses\n  }\n": typeof types.ConsoleWorkflowDocument,
};
const documents: Documents = {
    "mutation CreateSkillJob($input: CreateSkillJobInput!) {\n  createSkillJob(input: $input) {\n    __typename\n    ... on CreateSkillJobSuccess {\n      job {\n        id\n        jobId\n        status\n      }\n    }\n    ... on ValidationError {\n      message\n      field\n    }\n  }\n}\n\nmutation RespondToHitl($input: RespondToHitlInput!) {\n  respondToHitl(input: $input) {\n    __typename\n    ... on RespondToHitlSuccess {\n      job {\n        jobId\n        status\n      }\n    }\n    ... on ValidationError {\n      message\n      field\n    }\n    ... on Error {\n      message\n    }\n  }\n}\n\nmutation CancelJob($input: CancelJobInput!) {\n  cancelJob(input: $input) {\n    __typename\n    ... on CancelJobSuccess {\n      job {\n        jobId\n        status\n      }\n    }\n    ... on InvalidStateError {\n      currentStatus\n    }\n    ... on Error {\n      message\n    }\n  }\n}\n\nmutation RetryJob($input: RetryJobInput!) {\n  retryJob(input: $input) {\n    __typename\n    ... on RetryJobSuccess {\n      job {\n        jobId\n        status\n      }\n    }\n    ... on InvalidStateError {\n      currentStatus\n    }\n    ... on Error {\n      message\n    }\n  }\n}\n\nmutation PromoteSkill($input: PromoteSkillInput!) {\n  promoteSkill(input: $input) {\n    __typename\n    ... on PromoteSkillSuccess {\n      job {\n        jobId\n        status\n      }\n      skill {\n        name\n        version\n        taxonomyPath\n      }\n    }\n    ... on ValidationError {\n      field\n    }\n    ... on InvalidStateError {\n      currentStatus\n    }\n    ... on Error {\n      message\n    }\n  }\n}": types.CreateSkillJobDocument,
    "fragment PromptFields on HitlInteraction {\n  id\n  interactionId\n  interactionType\n  roundNumber\n  status\n  timeoutAt\n  job {\n    id\n    jobId\n    taskDescription\n  }\n  prompt {\n    __typename\n    ... on QuestionsPrompt {\n      rationale\n      questions {\n        id\n        text\n        questionType\n        required\n        allowsOther\n        options {\n          id\n          label\n          description\n        }\n      }\n    }\n    ... on ReviewPrompt {\n      title\n      summary\n      content\n      highlights\n      allowedActions\n      defaultAction\n    }\n  }\n}\n\nfragment JobRowFields on Job {\n  id\n  jobId\n  status\n  currentPhase\n  progressPercent\n  skillName\n  taskDescription\n  createdAt\n}\n\nfragment JobEventFields on JobEvent {\n  sequence\n  type\n  status\n  phase\n  progressPercent\n  message\n  createdAt\n}\n\nfragment SkillRowFields on Skill {\n  name\n  version\n  taxonomyPath\n  description\n  validationScore\n  publishedAt\n}\n\nfragment ValidationReportFields on SkillValidationReport {\n  passed\n  score\n  errors\n  warnings\n}": types.PromptFieldsFragmentDoc,
    "\n  query ConsoleViewer {\n    viewer {\n      userId\n      isAdmin\n    }\n  }\n": types.ConsoleViewerDocument,
    "\n  fragment ConsolePrompt on HitlInteraction {\n    ...PromptFields\n    createdAt\n    respondedAt\n    responseData\n    job {\n      skillName\n    }\n  }\n": types.ConsolePromptFragmentDoc,
    "\n  fragment ConsoleJobRow on Job {\n    ...JobRowFields\n    userId\n    progressMessage\n    pendingInteraction {\n      id\n    }\n  }\n": types.ConsoleJobRowFragmentDoc,
    "\n  subscription ConsoleJobRowUpdated($jobId: ID!) {\n    jobUpdated(jobId: $jobId) {\n      ...ConsoleJobRow\n    }\n  }\n": types.ConsoleJobRowUpdatedDocument,
    "\n  fragment ConsoleJob on Job {\n    id\n    jobId\n    userId\n    status\n    currentPhase\n    progressPercent\n    progressMessage\n    error\n    taskDescription\n    taskDescriptionRefined\n    skillName\n    taxonomyPath\n    finalPath\n    promoted\n    createdAt\n    completedAt\n    validationPassed\n    validationScore\n    draftContent\n    pendingInteraction {\n      ...ConsolePrompt\n    }\n    hitlInteractions {\n      ...ConsolePrompt\n    }\n    tddWorkflow {\n      phase\n      rationalizationsIdentified\n      baselineTestsRun\n      complianceTestsRun\n      agentUnderTest\n      notRunReason\n      baselineViolationRate\n      complianceRate\n      iterations\n      scenarioRuns {\n        scenarioId\n        scenarioTitle\n        withSkill\n        iteration\n        sample\n        answer\n        verdict\n        rationalization\n        judgeReason\n        current\n      }\n    }\n    llmUsage {\n      calls\n      promptTokens\n      completionTokens\n    }\n    skill {\n      name\n      version\n    }\n  }\n": types.ConsoleJobFragmentDoc,
    "\n  query ConsoleJob($id: ID!) {\n    job(id: $id) {\n      ...ConsoleJob\n    }\n  }\n": types.ConsoleJobDocument,
    "\n  subscription ConsoleJobUpdated($jobId: ID!) {\n    jobUpdated(jobId: $jobId) {\n      ...ConsoleJob\n    }\n  }\n": types.ConsoleJobUpdatedDocument,
    "\n  subscription ConsoleJobEvents($jobId: ID!, $afterSequence: Int!) {\n    jobEvents(jobId: $jobId, afterSequence: $afterSequence) {\n      ...JobEventFields\n    }\n  }\n": types.ConsoleJobEventsDocument,
    "\n  subscription ConsolePromptPending {\n    hitlPromptPending {\n      ...ConsolePrompt\n    }\n  }\n": types.ConsolePromptPendingDocument,
    "\n  query ConsoleValidateSkill($content: String!) {\n    validateSkill(content: $content) {\n      ...ValidationReportFields\n      checks {\n        name\n        passed\n        severity\n        message\n      }\n    }\n  }\n": types.ConsoleValidateSkillDocument,
    "\n  query ConsoleSkills($first: Int!, $after: String, $filter: SkillFilter) {\n    skills(first: $first, after: $after, filter: $filter) {\n      totalCount\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n      edges {\n        node {\n          ...SkillRowFields\n          status\n        }\n      }\n    }\n  }\n": types.ConsoleSkillsDocument,
    "\n  query ConsoleSkill($name: String!) {\n    skill(name: $name) {\n      name\n      version\n      status\n      taxonomyPath\n      description\n      validationScore\n      publishedAt\n      content\n      job {\n        id\n        jobId\n        status\n        taskDescription\n      }\n    }\n  }\n": types.ConsoleSkillDocument,
    "\n  query ConsoleOperations {\n    jobStats {\n      status\n      count\n      avgDurationSeconds\n    }\n    stuckJobs(olderThanMinutes: 15) {\n      ...ConsoleJobRow\n    }\n    jobs(first: 100, filter: { status: [PENDING_HITL] }) {\n      totalCount\n      edges {\n        node {\n          ...ConsoleJobRow\n          pendingInteraction {\n            ...ConsolePrompt\n          }\n        }\n      }\n    }\n  }\n": types.ConsoleOperationsDocument,
    "\n  fragment ConsoleLiveJobRow on Job {\n    ...ConsoleJobRow\n    updatedAt\n  }\n": types.ConsoleLiveJobRowFragmentDoc,
    "\n  query ConsoleLiveJobs($first: Int, $after: String, $last: Int, $before: String, $filter: JobFilter) {\n    jobs(first: $first, after: $after, last: $last, before: $before, filter: $filter) {\n      totalCount\n      pageInfo {\n        hasNextPage\n        hasPreviousPage\n        startCursor\n        endCursor\n      }\n      edges {\n        node {\n          ...ConsoleLiveJobRow\n        }\n      }\n    }\n  }\n": types.ConsoleLiveJobsDocument,
    "\n  subscription ConsoleJobsChanged($filter: JobFilter, $replaySeconds: Int) {\n    jobsChanged(filter: $filter, replaySeconds: $replaySeconds) {\n      ...ConsoleLiveJobRow\n    }\n  }\n": types.ConsoleJobsChangedDocument,
    "\n  subscription ConsoleAnyJobChanged {\n    jobsChanged(replaySeconds: 10) {\n      id\n    }\n  }\n": types.ConsoleAnyJobChangedDocument,
    "\n  query ConsoleWorkflow {\n    workflowPhases\n    jobStatuses\n  }\n": types.ConsoleWorkflowDocument,
};

/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "mutation CreateSkillJob($input: CreateSkillJobInput!) {\n  createSkillJob(input: $input) {\n    __typename\n    ... on CreateSkillJobSuccess {\n      job {\n        id\n        jobId\n        status\n      }\n    }\n    ... on ValidationError {\n      message\n      field\n    }\n  }\n}\n\nmutation RespondToHitl($input: RespondToHitlInput!) {\n  respondToHitl(input: $input) {\n    __typename\n    ... on RespondToHitlSuccess {\n      job {\n        jobId\n        status\n      }\n    }\n    ... on ValidationError {\n      message\n      field\n    }\n    ... on Error {\n      message\n    }\n  }\n}\n\nmutation CancelJob($input: CancelJobInput!) {\n  cancelJob(input: $input) {\n    __typename\n    ... on CancelJobSuccess {\n      job {\n        jobId\n        status\n      }\n    }\n    ... on InvalidStateError {\n      currentStatus\n    }\n    ... on Error {\n      message\n    }\n  }\n}\n\nmutation RetryJob($input: RetryJobInput!) {\n  retryJob(input: $input) {\n    __typename\n    ... on RetryJobSuccess {\n      job {\n        jobId\n        status\n      }\n    }\n    ... on InvalidStateError {\n      currentStatus\n    }\n    ... on Error {\n      message\n    }\n  }\n}\n\nmutation PromoteSkill($input: PromoteSkillInput!) {\n  promoteSkill(input: $input) {\n    __typename\n    ... on PromoteSkillSuccess {\n      job {\n        jobId\n        status\n      }\n      skill {\n        name\n        version\n        taxonomyPath\n      }\n    }\n    ... on ValidationError {\n      field\n    }\n    ... on InvalidStateError {\n      currentStatus\n    }\n    ... on Error {\n      message\n    }\n  }\n}"): typeof import('./graphql').CreateSkillJobDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "fragment PromptFields on HitlInteraction {\n  id\n  interactionId\n  interactionType\n  roundNumber\n  status\n  timeoutAt\n  job {\n    id\n    jobId\n    taskDescription\n  }\n  prompt {\n    __typename\n    ... on QuestionsPrompt {\n      rationale\n      questions {\n        id\n        text\n        questionType\n        required\n        allowsOther\n        options {\n          id\n          label\n          description\n        }\n      }\n    }\n    ... on ReviewPrompt {\n      title\n      summary\n      content\n      highlights\n      allowedActions\n      defaultAction\n    }\n  }\n}\n\nfragment JobRowFields on Job {\n  id\n  jobId\n  status\n  currentPhase\n  progressPercent\n  skillName\n  taskDescription\n  createdAt\n}\n\nfragment JobEventFields on JobEvent {\n  sequence\n  type\n  status\n  phase\n  progressPercent\n  message\n  createdAt\n}\n\nfragment SkillRowFields on Skill {\n  name\n  version\n  taxonomyPath\n  description\n  validationScore\n  publishedAt\n}\n\nfragment ValidationReportFields on SkillValidationReport {\n  passed\n  score\n  errors\n  warnings\n}"): typeof import('./graphql').PromptFieldsFragmentDoc;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query ConsoleViewer {\n    viewer {\n      userId\n      isAdmin\n    }\n  }\n"): typeof import('./graphql').ConsoleViewerDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment ConsolePrompt on HitlInteraction {\n    ...PromptFields\n    createdAt\n    respondedAt\n    responseData\n    job {\n      skillName\n    }\n  }\n"): typeof import('./graphql').ConsolePromptFragmentDoc;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment ConsoleJobRow on Job {\n    ...JobRowFields\n    userId\n    progressMessage\n    pendingInteraction {\n      id\n    }\n  }\n"): typeof import('./graphql').ConsoleJobRowFragmentDoc;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  subscription ConsoleJobRowUpdated($jobId: ID!) {\n    jobUpdated(jobId: $jobId) {\n      ...ConsoleJobRow\n    }\n  }\n"): typeof import('./graphql').ConsoleJobRowUpdatedDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment ConsoleJob on Job {\n    id\n    jobId\n    userId\n    status\n    currentPhase\n    progressPercent\n    progressMessage\n    error\n    taskDescription\n    taskDescriptionRefined\n    skillName\n    taxonomyPath\n    finalPath\n    promoted\n    createdAt\n    completedAt\n    validationPassed\n    validationScore\n    draftContent\n    pendingInteraction {\n      ...ConsolePrompt\n    }\n    hitlInteractions {\n      ...ConsolePrompt\n    }\n    tddWorkflow {\n      phase\n      rationalizationsIdentified\n      baselineTestsRun\n      complianceTestsRun\n      agentUnderTest\n      notRunReason\n      baselineViolationRate\n      complianceRate\n      iterations\n      scenarioRuns {\n        scenarioId\n        scenarioTitle\n        withSkill\n        iteration\n        sample\n        answer\n        verdict\n        rationalization\n        judgeReason\n        current\n      }\n    }\n    llmUsage {\n      calls\n      promptTokens\n      completionTokens\n    }\n    skill {\n      name\n      version\n    }\n  }\n"): typeof import('./graphql').ConsoleJobFragmentDoc;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query ConsoleJob($id: ID!) {\n    job(id: $id) {\n      ...ConsoleJob\n    }\n  }\n"): typeof import('./graphql').ConsoleJobDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  subscription ConsoleJobUpdated($jobId: ID!) {\n    jobUpdated(jobId: $jobId) {\n      ...ConsoleJob\n    }\n  }\n"): typeof import('./graphql').ConsoleJobUpdatedDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  subscription ConsoleJobEvents($jobId: ID!, $afterSequence: Int!) {\n    jobEvents(jobId: $jobId, afterSequence: $afterSequence) {\n      ...JobEventFields\n    }\n  }\n"): typeof import('./graphql').ConsoleJobEventsDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  subscription ConsolePromptPending {\n    hitlPromptPending {\n      ...ConsolePrompt\n    }\n  }\n"): typeof import('./graphql').ConsolePromptPendingDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query ConsoleValidateSkill($content: String!) {\n    validateSkill(content: $content) {\n      ...ValidationReportFields\n      checks {\n        name\n        passed\n        severity\n        message\n      }\n    }\n  }\n"): typeof import('./graphql').ConsoleValidateSkillDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query ConsoleSkills($first: Int!, $after: String, $filter: SkillFilter) {\n    skills(first: $first, after: $after, filter: $filter) {\n      totalCount\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n      edges {\n        node {\n          ...SkillRowFields\n          status\n        }\n      }\n    }\n  }\n"): typeof import('./graphql').ConsoleSkillsDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query ConsoleSkill($name: String!) {\n    skill(name: $name) {\n      name\n      version\n      status\n      taxonomyPath\n      description\n      validationScore\n      publishedAt\n      content\n      job {\n        id\n        jobId\n        status\n        taskDescription\n      }\n    }\n  }\n"): typeof import('./graphql').ConsoleSkillDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query ConsoleOperations {\n    jobStats {\n      status\n      count\n      avgDurationSeconds\n    }\n    stuckJobs(olderThanMinutes: 15) {\n      ...ConsoleJobRow\n    }\n    jobs(first: 100, filter: { status: [PENDING_HITL] }) {\n      totalCount\n      edges {\n        node {\n          ...ConsoleJobRow\n          pendingInteraction {\n            ...ConsolePrompt\n          }\n        }\n      }\n    }\n  }\n"): typeof import('./graphql').ConsoleOperationsDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment ConsoleLiveJobRow on Job {\n    ...ConsoleJobRow\n    updatedAt\n  }\n"): typeof import('./graphql').ConsoleLiveJobRowFragmentDoc;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query ConsoleLiveJobs($first: Int, $after: String, $last: Int, $before: String, $filter: JobFilter) {\n    jobs(first: $first, after: $after, last: $last, before: $before, filter: $filter) {\n      totalCount\n      pageInfo {\n        hasNextPage\n        hasPreviousPage\n        startCursor\n        endCursor\n      }\n      edges {\n        node {\n          ...ConsoleLiveJobRow\n        }\n      }\n    }\n  }\n"): typeof import('./graphql').ConsoleLiveJobsDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  subscription ConsoleJobsChanged($filter: JobFilter, $replaySeconds: Int) {\n    jobsChanged(filter: $filter, replaySeconds: $replaySeconds) {\n      ...ConsoleLiveJobRow\n    }\n  }\n"): typeof import('./graphql').ConsoleJobsChangedDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  subscription ConsoleAnyJobChanged {\n    jobsChanged(replaySeconds: 10) {\n      id\n    }\n  }\n"): typeof import('./graphql').ConsoleAnyJobChangedDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query ConsoleWorkflow {\n    workflowPhases\n    jobStatuses\n  }\n"): typeof import('./graphql').ConsoleWorkflowDocument;


export function graphql(source: string) {
  return (documents as any)[source] ?? {};
}
