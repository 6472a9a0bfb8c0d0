-- jobs.created_at in milliseconds, the precision of the job list's cursor (issue 14: the console's pages).
--
-- The list's cursor is (created_at, job_id) and carries created_at as a JavaScript Date: milliseconds. Prisma finds
-- the cursor's row by equality, so a row stamped by PostgreSQL's now() (microseconds: every job createSkillJob
-- inserts) was never found again, and every page after the first came back empty.
--
-- 1. The jobs already there, truncated through an UPDATE, so the status-count trigger logs each change of created_at
--    (a change from the status to itself) and jobStats' durations stay exact.
-- 2. The column becomes timestamptz(3): whoever writes a job from now on, its created_at is stored in milliseconds.
--    PostgreSQL refuses to change the type of a column a trigger names (UPDATE OF "created_at"): the trigger is
--    dropped and created again around it, as it was.

UPDATE "jobs" SET "created_at" = date_trunc('milliseconds', "created_at")
WHERE "created_at" <> date_trunc('milliseconds', "created_at");

DROP TRIGGER "jobs_record_status_change" ON "jobs";
ALTER TABLE "jobs" ALTER COLUMN "created_at" TYPE TIMESTAMPTZ(3);
CREATE TRIGGER "jobs_record_status_change" AFTER INSERT OR DELETE OR UPDATE OF "status", "created_at", "completed_at"
  ON "jobs" FOR EACH ROW EXECUTE FUNCTION "record_job_status_change"();
