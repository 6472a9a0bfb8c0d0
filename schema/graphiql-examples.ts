// The operations GraphiQL opens with: create a job, watch it, answer its prompts (tests/api-limits.test.ts checks
// that each stays within the request limits).
export const EXAMPLE_OPERATIONS = `# Skills Fleet: create a job, watch it, answer its prompts.

mutation Create {
  createSkillJob(input: { taskDescription: "a skill that teaches an agent to write safe Postgres migrations" }) {
    __typename
    ... on CreateSkillJobSuccess { job { id jobId status } }
    ... on ValidationError { message field }
  }
}

query Jobs {
  jobs(first: 10) {
    totalCount
    edges { node { id jobId status currentPhase progressPercent progressMessage pendingInteraction { id interactionId interactionType } } }
  }
}

# Paste the job's id (from Create) here and run it: the events so far, then live ones until the job ends.
subscription Watch {
  jobEvents(jobId: "JOB_ID") { sequence type status phase progressPercent message }
}

# The prompts waiting for you, with what they ask.
query Pending {
  pendingHitlJobs {
    id
    pendingInteraction {
      id interactionType timeoutAt
      prompt {
        __typename
        ... on QuestionsPrompt { rationale questions { id text questionType required allowsOther options { id label } } }
        ... on ReviewPrompt { title summary content highlights allowedActions }
      }
    }
  }
}

# Answer a question prompt (CLARIFY, DEEP_UNDERSTANDING): one answer per required question.
mutation Answer {
  respondToHitl(input: {
    interactionId: "INTERACTION_ID"
    answers: [{ questionId: "problem", text: "Agents write migrations that lock large tables during deploys." }]
  }) {
    __typename
    ... on RespondToHitlSuccess { job { id status progressMessage } }
    ... on Error { code message }
    ... on ValidationError { field }
  }
}

# Approve a review prompt (CONFIRM, PREVIEW, ...); REVISE needs feedback, CANCEL cancels the job.
mutation Approve {
  respondToHitl(input: { interactionId: "INTERACTION_ID", action: PROCEED }) {
    __typename
    ... on RespondToHitlSuccess { interaction { status } job { id status } }
    ... on Error { code message }
  }
}

query Skills {
  skills(first: 10, filter: { search: "postgres migrations" }) {
    totalCount
    edges { node { name version taxonomyPath description } }
  }
}
`;
