-- Job counts per status and per status change, for /metrics: a GROUP BY over jobs takes seconds at a million rows.
-- A trigger on jobs keeps them, so every writer (the journal, an operator in psql) is counted in the same
-- transaction as its change. It only appends to job_status_changes (no shared row is updated, so concurrent
-- transitions neither wait on one hot counter row nor deadlock on two); a scrape folds the appended rows into the
-- totals (resolvers/metric-counts.ts), so the log stays as short as the changes between two scrapes.

CREATE TABLE "job_status_changes" (
    "change_id" BIGSERIAL NOT NULL,
    "from_status" "job_status",
    "to_status" "job_status",

    CONSTRAINT "job_status_changes_pkey" PRIMARY KEY ("change_id")
);

CREATE TABLE "job_status_counts" (
    "status" "job_status" NOT NULL,
    "count" BIGINT NOT NULL DEFAULT 0,

    CONSTRAINT "job_status_counts_pkey" PRIMARY KEY ("status")
);

CREATE TABLE "job_transition_counts" (
    "from_status" "job_status" NOT NULL,
    "to_status" "job_status" NOT NULL,
    "count" BIGINT NOT NULL DEFAULT 0,

    CONSTRAINT "job_transition_counts_pkey" PRIMARY KEY ("from_status", "to_status")
);

-- A new job has no from, a deleted one no to.
CREATE FUNCTION "record_job_status_change"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'INSERT' THEN
    INSERT INTO "job_status_changes" ("from_status", "to_status") VALUES (NULL, NEW."status");
  ELSIF TG_OP = 'DELETE' THEN
    INSERT INTO "job_status_changes" ("from_status", "to_status") VALUES (OLD."status", NULL);
  ELSIF NEW."status" IS DISTINCT FROM OLD."status" THEN
    INSERT INTO "job_status_changes" ("from_status", "to_status") VALUES (OLD."status", NEW."status");
  END IF;
  RETURN NULL;
END;
$$;

CREATE TRIGGER "jobs_record_status_change" AFTER INSERT OR DELETE OR UPDATE OF "status" ON "jobs"
  FOR EACH ROW EXECUTE FUNCTION "record_job_status_change"();

-- The jobs already there, counted once.
INSERT INTO "job_status_counts" ("status", "count") SELECT "status", count(*) FROM "jobs" GROUP BY "status";
