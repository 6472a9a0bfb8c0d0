-- The read path at a million jobs (issue 17). Measured with bench/scale.ts (BENCHMARKS.md, "scale").
--
-- 1. jobs_status_idx goes: every query that filters on status alone is served by (status, updated_at) or by the new
--    (status, created_at, job_id), and each index costs every job write.
-- 2. A user's jobs by status, oldest or newest first (pendingHitlJobs, jobs(filter: {status})), and a user's jobStats as
--    an index-only scan: (user_id, status, created_at) carrying completed_at.
-- 3. An admin's jobs(filter: {status}) page, newest first: (status, created_at, job_id).
-- 4. jobStats as an admin without a GROUP BY over every job: the status-count trigger of 20261201000000 also keeps,
--    per status, how many jobs have completed_at and the sum of their durations (completed_at - created_at), so
--    the average is read from a handful of rows. A change of created_at or completed_at that keeps the status is
--    logged as a change from the status to itself (not a transition: the fold and the transition counts skip it).

DROP INDEX "jobs_status_idx";
CREATE INDEX "jobs_user_id_status_created_at_idx" ON "jobs"("user_id", "status", "created_at") INCLUDE ("completed_at");
CREATE INDEX "jobs_status_created_at_job_id_idx" ON "jobs"("status", "created_at", "job_id");

ALTER TABLE "job_status_changes"
  ADD COLUMN "from_seconds" NUMERIC,
  ADD COLUMN "to_seconds" NUMERIC;

ALTER TABLE "job_status_counts"
  ADD COLUMN "finished" BIGINT NOT NULL DEFAULT 0,
  ADD COLUMN "duration_seconds" NUMERIC NOT NULL DEFAULT 0;

-- Exact (numeric) seconds from creation to completion; null while the job has no completed_at.
CREATE FUNCTION "job_duration_seconds"(created TIMESTAMPTZ, completed TIMESTAMPTZ) RETURNS NUMERIC
  LANGUAGE sql IMMUTABLE AS $$ SELECT extract(epoch FROM completed - created) $$;

CREATE OR REPLACE FUNCTION "record_job_status_change"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'INSERT' THEN
    INSERT INTO "job_status_changes" ("from_status", "to_status", "to_seconds")
    VALUES (NULL, NEW."status", job_duration_seconds(NEW."created_at", NEW."completed_at"));
  ELSIF TG_OP = 'DELETE' THEN
    INSERT INTO "job_status_changes" ("from_status", "to_status", "from_seconds")
    VALUES (OLD."status", NULL, job_duration_seconds(OLD."created_at", OLD."completed_at"));
  ELSIF NEW."status" IS DISTINCT FROM OLD."status"
     OR NEW."created_at" IS DISTINCT FROM OLD."created_at"
     OR NEW."completed_at" IS DISTINCT FROM OLD."completed_at" THEN
    INSERT INTO "job_status_changes" ("from_status", "to_status", "from_seconds", "to_seconds")
    VALUES (OLD."status", NEW."status", job_duration_seconds(OLD."created_at", OLD."completed_at"),
            job_duration_seconds(NEW."created_at", NEW."completed_at"));
  END IF;
  RETURN NULL;
END;
$$;

DROP TRIGGER "jobs_record_status_change" ON "jobs";
CREATE TRIGGER "jobs_record_status_change" AFTER INSERT OR DELETE OR UPDATE OF "status", "created_at", "completed_at"
  ON "jobs" FOR EACH ROW EXECUTE FUNCTION "record_job_status_change"();

-- The durations of the jobs already there, once. Changes still in the log carry no seconds, so totals + log = now.
INSERT INTO "job_status_counts" ("status", "count", "finished", "duration_seconds")
SELECT "status", 0, count("completed_at"), coalesce(sum(job_duration_seconds("created_at", "completed_at")), 0)
FROM "jobs" GROUP BY "status"
ON CONFLICT ("status") DO UPDATE SET "finished" = excluded."finished", "duration_seconds" = excluded."duration_seconds";

-- 5. Retention of finished jobs' events (EVENT_RETENTION_DAYS, resolvers/jobs/event-retention.ts): the purge deletes
--    every event but the last (the terminal one, which ends a jobEvents stream) and records how far it went, so a
--    replay starts after the purged events instead of waiting for them. The partial index holds only the finished
--    jobs not purged yet, so each sweep finds its batch without reading the jobs already purged.
ALTER TABLE "jobs" ADD COLUMN "events_purged_through" INTEGER NOT NULL DEFAULT 0,
  ADD CONSTRAINT "jobs_events_purged_through_check" CHECK ("events_purged_through" BETWEEN 0 AND "last_sequence");
CREATE INDEX "jobs_events_to_purge_idx" ON "jobs"("completed_at")
  WHERE "status" IN ('COMPLETED', 'FAILED', 'CANCELLED') AND "events_purged_through" < "last_sequence" - 1;

-- 6. /metrics counts the pending prompts per type at every scrape: an index-only scan of the pending ones alone
--    (hitl_interactions_status_created_at_idx carries no type, so that count read every pending row).
CREATE INDEX "hitl_interactions_pending_type_idx" ON "hitl_interactions"("interaction_type") WHERE "status" = 'PENDING';
