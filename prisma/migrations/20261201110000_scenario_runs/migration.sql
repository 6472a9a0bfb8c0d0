-- Behavioural tests against an agent (issue 12): every scenario run with its verdict, every model call with its
-- usage, and what the TDD state reports about them.

ALTER TYPE "job_event_type" ADD VALUE 'SCENARIO_RUN';
CREATE TYPE "scenario_verdict" AS ENUM ('VIOLATED', 'COMPLIED', 'UNCLEAR');

ALTER TABLE "tdd_workflow_state"
    ADD COLUMN "agent_under_test" VARCHAR(255),
    ADD COLUMN "not_run_reason" TEXT,
    ADD COLUMN "baseline_violation_rate" DOUBLE PRECISION,
    ADD COLUMN "compliance_rate" DOUBLE PRECISION,
    ADD COLUMN "iterations" INTEGER NOT NULL DEFAULT 0,
    ADD COLUMN "scenario_set" INTEGER NOT NULL DEFAULT 0,
    ADD COLUMN "draft_round" INTEGER NOT NULL DEFAULT 0;

-- One answer of the agent under test to one scenario, and the judge's verdict. The unique key is what makes a
-- redone phase store only the runs it is missing.
CREATE TABLE "scenario_runs" (
    "run_id" SERIAL NOT NULL,
    "job_id" UUID NOT NULL,
    "scenario_set" INTEGER NOT NULL,
    "iteration" INTEGER NOT NULL,
    "with_skill" BOOLEAN NOT NULL,
    "scenario_id" VARCHAR(128) NOT NULL,
    "scenario_title" TEXT NOT NULL,
    "sample" INTEGER NOT NULL,
    "answer" TEXT NOT NULL,
    "verdict" "scenario_verdict" NOT NULL,
    "rationalization" TEXT,
    "judge_reason" TEXT NOT NULL,
    "created_at" TIMESTAMPTZ(6) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "scenario_runs_pkey" PRIMARY KEY ("run_id"),
    CONSTRAINT "scenario_runs_iteration_check" CHECK ("iteration" >= 0 AND ("iteration" = 0) = NOT "with_skill")
);

CREATE UNIQUE INDEX "scenario_runs_job_id_scenario_set_iteration_with_skill_scenario_id_sample_key" ON "scenario_runs"("job_id", "scenario_set", "iteration", "with_skill", "scenario_id", "sample");
ALTER TABLE "scenario_runs" ADD CONSTRAINT "scenario_runs_job_id_fkey" FOREIGN KEY ("job_id") REFERENCES "jobs"("job_id") ON DELETE CASCADE ON UPDATE CASCADE;

-- One request to a model (the author's, the agent under test's, the judge's): what it cost and how long it took.
CREATE TABLE "llm_calls" (
    "call_id" BIGSERIAL NOT NULL,
    "job_id" UUID,
    "phase" "workflow_phase",
    "purpose" VARCHAR(32) NOT NULL,
    "model" VARCHAR(255) NOT NULL,
    "outcome" VARCHAR(16) NOT NULL,
    "prompt_tokens" INTEGER NOT NULL DEFAULT 0,
    "completion_tokens" INTEGER NOT NULL DEFAULT 0,
    "latency_ms" INTEGER NOT NULL,
    "created_at" TIMESTAMPTZ(6) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "llm_calls_pkey" PRIMARY KEY ("call_id")
);

CREATE INDEX "llm_calls_job_id_idx" ON "llm_calls"("job_id");
ALTER TABLE "llm_calls" ADD CONSTRAINT "llm_calls_job_id_fkey" FOREIGN KEY ("job_id") REFERENCES "jobs"("job_id") ON DELETE CASCADE ON UPDATE CASCADE;
