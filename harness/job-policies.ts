// HITL policies of the jobs that tests and benchmarks create (the `hitl` input of createSkillJob).

/** Asks nothing: the job runs from start to COMPLETED without a person. */
export const ALL_PROMPTS_OFF = { clarify: false, confirm: false, preview: false, validate: false, tdd: false } as const;
