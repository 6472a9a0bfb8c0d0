// Every GraphQL operation the console sends, in one place; graphql-codegen turns each into a typed document
// (console/src/graphql/), so an operation that no longer fits schema.graphql fails the console's type check. The
// fragments the CLI selects too (PromptFields, JobRowFields, ...) are defined once, in clients/documents/shared.graphql.
import { graphql } from '../graphql';

// The mutations, the same for the CLI: clients/documents/mutations.graphql.
export {
  CancelJobDocument as CancelJobMutation,
  CreateSkillJobDocument as CreateSkillJobMutation,
  PromoteSkillDocument as PromoteSkillMutation,
  RespondToHitlDocument as RespondToHitlMutation,
  RetryJobDocument as RetryJobMutation,
} from '../graphql/graphql';

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
    ...PromptFields
    createdAt
    respondedAt
    responseData
    job {
      skillName
    }
  }
`);

export const JobRowFields = graphql(`
  fragment ConsoleJobRow on Job {
    ...JobRowFields
    userId
    progressMessage
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
        current
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
      ...JobEventFields
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
      ...ValidationReportFields
      checks {
        name
        passed
        severity
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
          ...SkillRowFields
          status
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
