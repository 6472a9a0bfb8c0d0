-- The W3C traceparent of the request that created the job (its createSkillJob operation), when tracing was on: every
-- later task of the job (a resume after a prompt, a retry, a timeout) is enqueued with it, also from a request that
-- has a trace of its own, so one job is one trace across processes. NULL: created without tracing.

ALTER TABLE "jobs" ADD COLUMN "trace_parent" VARCHAR(55);
