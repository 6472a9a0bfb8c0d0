// Every GraphQL operation the console sends, in one place; graphql-codegen turns each into a typed document
// (console/src/graphql/), so an operation that no longer fits schema.graphql fails the console's type check.
import { graphql } from '../graphql';

export const ViewerQuery = graphql(`
  query ConsoleViewer {
    viewer {
      userId
      isAdmin
    }
  }
`);

export const PromptFields = graphql(`
  fragment ConsolePrompt on HitlInteraction {
    id
    interactionId
    interactionType
    roundNumber
    status
    createdAt
    timeoutAt
    respondedAt
    responseData
    job {
      id
      jobId
      taskDescription
      skillName
    }
    prompt {
      __typename
      ... on QuestionsPrompt {
        rationale
        questions {
          id
          text
          questionType
          required
          allowsOther
          options {
            id
            label
            description
          }
        }
      }
      ... on ReviewPrompt {
        title
        summary
        content
        highlights
        allowedActions
        defaultAction
      }
    }
  }
`);

export const JobRowFields = graphql(`
  fragment ConsoleJobRow on Job {
    id
    jobId
    userId
    status
    currentPhase
    progressPercent
    progressMessage
    skillName
    taskDescription
    createdAt
    pendingInteraction {
      id
    }
  }
`);

export const JobRowUpdatedSubscription = graphql(`
  subscription ConsoleJobRowUpdated($jobId: ID!) {
    jobUpdated(jobId: $jobId) {
      ...ConsoleJobRow
    }
  }
`);

export const JobFields = graphql(`
  fragment ConsoleJob on Job {
    id
    jobId
    userId
    status
    currentPhase
    progressPercent
    progressMessage
    error
    taskDescription
    taskDescriptionRefined
    skillName
    taxonomyPath
    finalPath
    promoted
    createdAt
    completedAt
    validationPassed
    validationScore
    draftContent
    pendingInteraction {
      ...ConsolePrompt
    }
    hitlInteractions {
      ...ConsolePrompt
    }
    tddWorkflow {
      phase
      rationalizationsIdentified
      baselineTestsRun
      complianceTestsRun
      agentUnderTest
      notRunReason
      baselineViolationRate
      complianceRate
      iterations
      scenarioRuns {
        scenarioId
        scenarioTitle
        withSkill
        iteration
        sample
        answer
        verdict
        rationalization
        judgeReason
      }
    }
    llmUsage {
      calls
      promptTokens
      completionTokens
    }
    skill {
      name
      version
    }
  }
`);

export const JobQuery = graphql(`
  query ConsoleJob($id: ID!) {
    job(id: $id) {
      ...ConsoleJob
    }
  }
`);

export const JobUpdatedSubscription = graphql(`
  subscription ConsoleJobUpdated($jobId: ID!) {
    jobUpdated(jobId: $jobId) {
      ...ConsoleJob
    }
  }
`);

export const JobEventsSubscription = graphql(`
  subscription ConsoleJobEvents($jobId: ID!, $afterSequence: Int!) {
    jobEvents(jobId: $jobId, afterSequence: $afterSequence) {
      sequence
      type
      status
      phase
      progressPercent
      message
      createdAt
    }
  }
`);

export const PromptPendingSubscription = graphql(`
  subscription ConsolePromptPending {
    hitlPromptPending {
      ...ConsolePrompt
    }
  }
`);

export const ValidateSkillQuery = graphql(`
  query ConsoleValidateSkill($content: String!) {
    validateSkill(content: $content) {
      passed
      score
      errors
      warnings
      checks {
        name
        passed
        severity
        message
      }
    }
  }
`);

export const CreateSkillJobMutation = graphql(`
  mutation ConsoleCreateSkillJob($input: CreateSkillJobInput!) {
    createSkillJob(input: $input) {
      __typename
      ... on CreateSkillJobSuccess {
        job {
          id
          jobId
        }
      }
      ... on ValidationError {
        message
        field
      }
    }
  }
`);

export const RespondToHitlMutation = graphql(`
  mutation ConsoleRespondToHitl($input: RespondToHitlInput!) {
    respondToHitl(input: $input) {
      __typename
      ... on RespondToHitlSuccess {
        job {
          jobId
          status
        }
      }
      ... on ValidationError {
        field
      }
      ... on Error {
        message
      }
    }
  }
`);

export const CancelJobMutation = graphql(`
  mutation ConsoleCancelJob($input: CancelJobInput!) {
    cancelJob(input: $input) {
      __typename
      ... on Error {
        message
      }
    }
  }
`);

export const RetryJobMutation = graphql(`
  mutation ConsoleRetryJob($input: RetryJobInput!) {
    retryJob(input: $input) {
      __typename
      ... on Error {
        message
      }
    }
  }
`);

export const PromoteSkillMutation = graphql(`
  mutation ConsolePromoteSkill($input: PromoteSkillInput!) {
    promoteSkill(input: $input) {
      __typename
      ... on PromoteSkillSuccess {
        skill {
          name
          version
        }
      }
      ... on Error {
        message
      }
    }
  }
`);

export const SkillsQuery = graphql(`
  query ConsoleSkills($first: Int!, $after: String, $filter: SkillFilter) {
    skills(first: $first, after: $after, filter: $filter) {
      totalCount
      pageInfo {
        hasNextPage
        endCursor
      }
      edges {
        node {
          name
          version
          status
          taxonomyPath
          description
          validationScore
          publishedAt
        }
      }
    }
  }
`);

export const SkillQuery = graphql(`
  query ConsoleSkill($name: String!) {
    skill(name: $name) {
      name
      version
      status
      taxonomyPath
      description
      validationScore
      publishedAt
      content
      job {
        id
        jobId
        status
        taskDescription
      }
    }
  }
`);

export const OperationsQuery = graphql(`
  query ConsoleOperations {
    jobStats {
      status
      count
      avgDurationSeconds
    }
    stuckJobs(olderThanMinutes: 15) {
      ...ConsoleJobRow
    }
    jobs(first: 100, filter: { status: [PENDING_HITL] }) {
      totalCount
      edges {
        node {
          ...ConsoleJobRow
          pendingInteraction {
            ...ConsolePrompt
          }
        }
      }
    }
  }
`);

// ---------------------------------------------------------------------------------------------------------------
// The live job list (console/src/live/use-live-jobs.ts) and the live operations page.

export const LiveJobRowFields = graphql(`
  fragment ConsoleLiveJobRow on Job {
    ...ConsoleJobRow
    updatedAt
  }
`);

export const LiveJobsQuery = graphql(`
  query ConsoleLiveJobs($first: Int, $after: String, $last: Int, $before: String, $filter: JobFilter) {
    jobs(first: $first, after: $after, last: $last, before: $before, filter: $filter) {
      totalCount
      pageInfo {
        hasNextPage
        hasPreviousPage
        startCursor
        endCursor
      }
      edges {
        node {
          ...ConsoleLiveJobRow
        }
      }
    }
  }
`);

export const JobsChangedSubscription = graphql(`
  subscription ConsoleJobsChanged($filter: JobFilter, $replaySeconds: Int) {
    jobsChanged(filter: $filter, replaySeconds: $replaySeconds) {
      ...ConsoleLiveJobRow
    }
  }
`);

/**
 * Only that something changed: the operations page re-reads its aggregates (throttled). The replay makes a change
 * that landed while the page's first read was in flight trigger a re-read too.
 */
export const AnyJobChangedSubscription = graphql(`
  subscription ConsoleAnyJobChanged {
    jobsChanged(replaySeconds: 10) {
      id
    }
  }
`);

/** The workflow's phases and statuses in order, from the API (one source: the server's state machine). */
export const WorkflowQuery = graphql(`
  query ConsoleWorkflow {
    workflowPhases
    jobStatuses
  }
`);
