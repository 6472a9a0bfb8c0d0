// Every GraphQL operation the CLI sends, in one place; graphql-codegen turns each into a typed document
// (clients/graphql/), so an operation that no longer fits schema.graphql fails the type check. The fragments the
// console selects too (PromptFields, JobRowFields, ...) are defined once, in clients/documents/shared.graphql.
import { graphql } from '../clients/graphql';

// The mutations, the same for the console: clients/documents/mutations.graphql.
export {
  CancelJobDocument as CancelJobMutation,
  CreateSkillJobDocument as CreateSkillJobMutation,
  PromoteSkillDocument as PromoteSkillMutation,
  RespondToHitlDocument as RespondToHitlMutation,
  RetryJobDocument as RetryJobMutation,
} from '../clients/graphql/graphql';

export const JobStateQuery = graphql(`
  query JobState($id: ID!) {
    job(id: $id) {
      id
      jobId
      status
      currentPhase
      progressPercent
      progressMessage
      error
      skillName
      finalPath
      pendingInteraction {
        ...PromptFields
      }
    }
  }
`);

export const JobDetailsQuery = graphql(`
  query JobDetails($id: ID!) {
    job(id: $id) {
      id
      jobId
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
      startedAt
      completedAt
      validationPassed
      validationScore
      draftContent
      hitlInteractions {
        interactionId
        interactionType
        roundNumber
        status
        createdAt
        respondedAt
        responseData
      }
      tddWorkflow {
        phase
        baselineTestsRun
        complianceTestsRun
        rationalizationsIdentified
      }
    }
  }
`);

export const ValidateSkillQuery = graphql(`
  query ValidateSkill($content: String!) {
    validateSkill(content: $content) {
      ...ValidationReportFields
    }
  }
`);

export const JobsQuery = graphql(`
  query Jobs($first: Int!, $after: String, $filter: JobFilter) {
    jobs(first: $first, after: $after, filter: $filter) {
      totalCount
      pageInfo {
        hasNextPage
        endCursor
      }
      edges {
        node {
          ...JobRowFields
        }
      }
    }
  }
`);

export const PendingPromptsQuery = graphql(`
  query PendingPrompts {
    pendingHitlJobs {
      jobId
      pendingInteraction {
        ...PromptFields
      }
    }
  }
`);

export const JobEventsSubscription = graphql(`
  subscription JobEvents($jobId: ID!, $afterSequence: Int!) {
    jobEvents(jobId: $jobId, afterSequence: $afterSequence) {
      ...JobEventFields
      data
    }
  }
`);

export const JobEventsQuery = graphql(`
  query JobEventLog($id: ID!) {
    job(id: $id) {
      events {
        ...JobEventFields
        data
      }
    }
  }
`);

export const SkillsQuery = graphql(`
  query Skills($first: Int!, $filter: SkillFilter) {
    skills(first: $first, filter: $filter) {
      totalCount
      edges {
        node {
          ...SkillRowFields
        }
      }
    }
  }
`);

export const SkillQuery = graphql(`
  query Skill($name: String!) {
    skill(name: $name) {
      name
      version
      taxonomyPath
      content
    }
  }
`);
