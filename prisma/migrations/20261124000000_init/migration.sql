-- Skills Fleet: initial schema. Mirrors prisma/schema.prisma (tests/schema-drift.test.ts checks it) plus what
-- Prisma cannot declare: check constraints, partial indexes, the full-text index and the updated_at trigger.

CREATE TYPE "job_status" AS ENUM ('PENDING', 'RUNNING', 'PENDING_HITL', 'PENDING_REVIEW', 'COMPLETED', 'FAILED', 'CANCELLED');
CREATE TYPE "workflow_phase" AS ENUM ('TASK_REFINEMENT', 'DEEP_UNDERSTANDING', 'TDD_RED', 'TDD_GREEN', 'TDD_REFACTOR', 'VALIDATION', 'PROMOTION');
CREATE TYPE "hitl_type" AS ENUM ('CLARIFY', 'CONFIRM', 'PREVIEW', 'VALIDATE', 'DEEP_UNDERSTANDING', 'TDD_RED', 'TDD_GREEN', 'TDD_REFACTOR');
CREATE TYPE "hitl_status" AS ENUM ('PENDING', 'RESPONDED', 'TIMEOUT', 'CANCELLED');
CREATE TYPE "tdd_phase" AS ENUM ('RED', 'GREEN', 'REFACTOR');
CREATE TYPE "skill_status" AS ENUM ('DRAFT', 'ACTIVE', 'DEPRECATED', 'ARCHIVED');
CREATE TYPE "job_event_type" AS ENUM ('CREATED', 'STATUS_CHANGED', 'PHASE_STARTED', 'PHASE_COMPLETED', 'PROGRESS', 'HITL_REQUESTED', 'HITL_RESPONDED', 'HITL_TIMED_OUT', 'SKILL_DRAFTED', 'VALIDATED', 'PROMOTED');

-- Keeps updated_at true whoever writes the row (Prisma, raw SQL, an operator in psql), unless the statement sets
-- it explicitly (repairs, imports).
CREATE FUNCTION "set_updated_at"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF NEW."updated_at" IS NOT DISTINCT FROM OLD."updated_at" THEN
    NEW."updated_at" := now();
  END IF;
  RETURN NEW;
END;
$$;

CREATE TABLE "jobs" (
    "job_id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "status" "job_status" NOT NULL DEFAULT 'PENDING',
    "job_type" VARCHAR(64) NOT NULL DEFAULT 'skill_creation',
    "user_id" VARCHAR(128) NOT NULL,
    "task_description" TEXT NOT NULL,
    "task_description_refined" TEXT,
    "current_phase" "workflow_phase",
    "progress_message" TEXT,
    "progress_percent" INTEGER NOT NULL DEFAULT 0,
    "result" JSONB,
    "error" TEXT,
    "error_stack" TEXT,
    "draft_path" TEXT,
    "final_path" TEXT,
    "promoted" BOOLEAN NOT NULL DEFAULT false,
    "validation_passed" BOOLEAN,
    "validation_score" DOUBLE PRECISION,
    "hitl_policy" JSONB NOT NULL DEFAULT '{}',
    "idempotency_key" VARCHAR(255),
    "skill_name" VARCHAR(64),
    "skill_description" TEXT,
    "taxonomy_path" TEXT,
    "draft_content" TEXT,
    "validation_attempts" INTEGER NOT NULL DEFAULT 0,
    "last_sequence" INTEGER NOT NULL DEFAULT 0,
    "cancel_reason" TEXT,
    "created_at" TIMESTAMPTZ(6) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "started_at" TIMESTAMPTZ(6),
    "completed_at" TIMESTAMPTZ(6),
    "updated_at" TIMESTAMPTZ(6) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "jobs_pkey" PRIMARY KEY ("job_id"),
    CONSTRAINT "jobs_progress_percent_check" CHECK ("progress_percent" BETWEEN 0 AND 100),
    CONSTRAINT "jobs_validation_score_check" CHECK ("validation_score" IS NULL OR "validation_score" BETWEEN 0 AND 1),
    CONSTRAINT "jobs_last_sequence_check" CHECK ("last_sequence" >= 0)
);

CREATE TABLE "hitl_interactions" (
    "interaction_id" SERIAL NOT NULL,
    "job_id" UUID NOT NULL,
    "interaction_type" "hitl_type" NOT NULL,
    "round_number" INTEGER NOT NULL DEFAULT 1,
    "status" "hitl_status" NOT NULL DEFAULT 'PENDING',
    "prompt_data" JSONB NOT NULL,
    "response_data" JSONB,
    "created_at" TIMESTAMPTZ(6) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "responded_at" TIMESTAMPTZ(6),
    "timeout_at" TIMESTAMPTZ(6),

    CONSTRAINT "hitl_interactions_pkey" PRIMARY KEY ("interaction_id"),
    CONSTRAINT "hitl_interactions_round_number_check" CHECK ("round_number" >= 1)
);

CREATE TABLE "deep_understanding_state" (
    "state_id" SERIAL NOT NULL,
    "job_id" UUID NOT NULL,
    "questions_asked" JSONB NOT NULL DEFAULT '[]',
    "answers" JSONB NOT NULL DEFAULT '[]',
    "research_performed" JSONB NOT NULL DEFAULT '[]',
    "understanding_summary" TEXT,
    "user_problem" TEXT,
    "user_goals" TEXT[] NOT NULL DEFAULT ARRAY[]::TEXT[],
    "readiness_score" DOUBLE PRECISION NOT NULL DEFAULT 0,
    "complete" BOOLEAN NOT NULL DEFAULT false,
    "rounds" INTEGER NOT NULL DEFAULT 0,
    "created_at" TIMESTAMPTZ(6) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(6) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "deep_understanding_state_pkey" PRIMARY KEY ("state_id"),
    CONSTRAINT "deep_understanding_state_readiness_check" CHECK ("readiness_score" BETWEEN 0 AND 1)
);

CREATE TABLE "tdd_workflow_state" (
    "state_id" SERIAL NOT NULL,
    "job_id" UUID NOT NULL,
    "phase" "tdd_phase",
    "baseline_tests_run" BOOLEAN NOT NULL DEFAULT false,
    "compliance_tests_run" BOOLEAN NOT NULL DEFAULT false,
    "rationalizations_identified" TEXT[] NOT NULL DEFAULT ARRAY[]::TEXT[],
    "checklist_state" JSONB NOT NULL DEFAULT '{}',
    "scenarios" JSONB NOT NULL DEFAULT '[]',
    "created_at" TIMESTAMPTZ(6) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(6) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "tdd_workflow_state_pkey" PRIMARY KEY ("state_id")
);

CREATE TABLE "job_events" (
    "event_id" BIGSERIAL NOT NULL,
    "job_id" UUID NOT NULL,
    "sequence" INTEGER NOT NULL,
    "event_type" "job_event_type" NOT NULL,
    "status" "job_status" NOT NULL,
    "phase" "workflow_phase",
    "progress_percent" INTEGER NOT NULL,
    "message" TEXT,
    "data" JSONB,
    "created_at" TIMESTAMPTZ(6) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "job_events_pkey" PRIMARY KEY ("event_id"),
    CONSTRAINT "job_events_sequence_check" CHECK ("sequence" >= 1)
);

CREATE TABLE "skills" (
    "skill_id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "name" VARCHAR(64) NOT NULL,
    "taxonomy_path" TEXT NOT NULL,
    "description" TEXT NOT NULL,
    "content" TEXT NOT NULL,
    "version" VARCHAR(32) NOT NULL DEFAULT '1.0.0',
    "status" "skill_status" NOT NULL DEFAULT 'DRAFT',
    "job_id" UUID,
    "validation_score" DOUBLE PRECISION,
    "created_at" TIMESTAMPTZ(6) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(6) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "published_at" TIMESTAMPTZ(6),

    CONSTRAINT "skills_pkey" PRIMARY KEY ("skill_id"),
    CONSTRAINT "skills_name_kebab_case_check" CHECK ("name" ~ '^[a-z][a-z0-9]*(-[a-z0-9]+)*$' AND char_length("name") BETWEEN 1 AND 64)
);

CREATE TABLE "validation_reports" (
    "report_id" SERIAL NOT NULL,
    "job_id" UUID NOT NULL,
    "attempt" INTEGER NOT NULL,
    "passed" BOOLEAN NOT NULL,
    "score" DOUBLE PRECISION NOT NULL,
    "errors" TEXT[] NOT NULL DEFAULT ARRAY[]::TEXT[],
    "warnings" TEXT[] NOT NULL DEFAULT ARRAY[]::TEXT[],
    "checks" JSONB NOT NULL DEFAULT '[]',
    "created_at" TIMESTAMPTZ(6) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "validation_reports_pkey" PRIMARY KEY ("report_id")
);

CREATE TABLE "worker_heartbeats" (
    "worker_id" VARCHAR(128) NOT NULL,
    "pid" INTEGER NOT NULL,
    "hostname" VARCHAR(255) NOT NULL,
    "started_at" TIMESTAMPTZ(6) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "last_seen_at" TIMESTAMPTZ(6) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "graphile_worker_ids" TEXT[] NOT NULL DEFAULT ARRAY[]::TEXT[],

    CONSTRAINT "worker_heartbeats_pkey" PRIMARY KEY ("worker_id")
);

-- Indexes declared in schema.prisma.
CREATE UNIQUE INDEX "jobs_user_id_idempotency_key_key" ON "jobs"("user_id", "idempotency_key");
CREATE UNIQUE INDEX "jobs_created_at_job_id_key" ON "jobs"("created_at", "job_id");
CREATE INDEX "jobs_status_idx" ON "jobs"("status");
CREATE INDEX "jobs_user_id_created_at_idx" ON "jobs"("user_id", "created_at" DESC);
CREATE INDEX "jobs_status_updated_at_idx" ON "jobs"("status", "updated_at");
CREATE UNIQUE INDEX "hitl_interactions_job_id_interaction_type_round_number_key" ON "hitl_interactions"("job_id", "interaction_type", "round_number");
CREATE INDEX "hitl_interactions_job_id_status_idx" ON "hitl_interactions"("job_id", "status");
CREATE INDEX "hitl_interactions_status_created_at_idx" ON "hitl_interactions"("status", "created_at");
CREATE UNIQUE INDEX "deep_understanding_state_job_id_key" ON "deep_understanding_state"("job_id");
CREATE UNIQUE INDEX "tdd_workflow_state_job_id_key" ON "tdd_workflow_state"("job_id");
CREATE UNIQUE INDEX "job_events_job_id_sequence_key" ON "job_events"("job_id", "sequence");
CREATE UNIQUE INDEX "skills_name_key" ON "skills"("name");
CREATE INDEX "skills_status_idx" ON "skills"("status");
CREATE INDEX "skills_job_id_idx" ON "skills"("job_id");
CREATE UNIQUE INDEX "validation_reports_job_id_attempt_key" ON "validation_reports"("job_id", "attempt");
CREATE INDEX "worker_heartbeats_last_seen_at_idx" ON "worker_heartbeats"("last_seen_at");

-- Indexes Prisma cannot declare.
-- At most one pending prompt per job: a second concurrent "ask" fails instead of leaving two.
CREATE UNIQUE INDEX "hitl_interactions_one_pending_per_job" ON "hitl_interactions"("job_id") WHERE "status" = 'PENDING';
-- Full-text search over skills (name, description, content).
CREATE INDEX "skills_search_idx" ON "skills" USING GIN (
  to_tsvector('english', "name" || ' ' || "description" || ' ' || "content")
);

-- Foreign keys.
ALTER TABLE "hitl_interactions" ADD CONSTRAINT "hitl_interactions_job_id_fkey" FOREIGN KEY ("job_id") REFERENCES "jobs"("job_id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "deep_understanding_state" ADD CONSTRAINT "deep_understanding_state_job_id_fkey" FOREIGN KEY ("job_id") REFERENCES "jobs"("job_id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "tdd_workflow_state" ADD CONSTRAINT "tdd_workflow_state_job_id_fkey" FOREIGN KEY ("job_id") REFERENCES "jobs"("job_id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "job_events" ADD CONSTRAINT "job_events_job_id_fkey" FOREIGN KEY ("job_id") REFERENCES "jobs"("job_id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "skills" ADD CONSTRAINT "skills_job_id_fkey" FOREIGN KEY ("job_id") REFERENCES "jobs"("job_id") ON DELETE SET NULL ON UPDATE CASCADE;
ALTER TABLE "validation_reports" ADD CONSTRAINT "validation_reports_job_id_fkey" FOREIGN KEY ("job_id") REFERENCES "jobs"("job_id") ON DELETE CASCADE ON UPDATE CASCADE;

-- updated_at maintenance.
CREATE TRIGGER "jobs_set_updated_at" BEFORE UPDATE ON "jobs" FOR EACH ROW EXECUTE FUNCTION "set_updated_at"();
CREATE TRIGGER "deep_understanding_state_set_updated_at" BEFORE UPDATE ON "deep_understanding_state" FOR EACH ROW EXECUTE FUNCTION "set_updated_at"();
CREATE TRIGGER "tdd_workflow_state_set_updated_at" BEFORE UPDATE ON "tdd_workflow_state" FOR EACH ROW EXECUTE FUNCTION "set_updated_at"();
CREATE TRIGGER "skills_set_updated_at" BEFORE UPDATE ON "skills" FOR EACH ROW EXECUTE FUNCTION "set_updated_at"();
