-- Pending prompts per type, for skills_fleet_hitl_pending: counting the waiting prompts at every scrape grows with
-- them (10,000 waiting: 3-10 ms of each scrape on a busy 2-core machine). Kept like the job counts
-- (20261201000000_job_status_counts): a trigger appends -1 / +1 as a prompt leaves or enters PENDING, in the
-- transaction of the change, and a scrape or a worker sweep folds them into the totals (resolvers/metric-counts.ts).

CREATE TABLE "hitl_pending_changes" (
    "change_id" BIGSERIAL NOT NULL,
    "interaction_type" "hitl_type" NOT NULL,
    "delta" INTEGER NOT NULL,

    CONSTRAINT "hitl_pending_changes_pkey" PRIMARY KEY ("change_id")
);

CREATE TABLE "hitl_pending_counts" (
    "interaction_type" "hitl_type" NOT NULL,
    "count" BIGINT NOT NULL DEFAULT 0,

    CONSTRAINT "hitl_pending_counts_pkey" PRIMARY KEY ("interaction_type")
);

-- Nested IFs: OLD is null on INSERT and NEW on DELETE, and SQL does not promise to skip the right side of an AND.
CREATE FUNCTION "record_hitl_pending_change"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP <> 'INSERT' THEN
    IF OLD."status" = 'PENDING' THEN
      INSERT INTO "hitl_pending_changes" ("interaction_type", "delta") VALUES (OLD."interaction_type", -1);
    END IF;
  END IF;
  IF TG_OP <> 'DELETE' THEN
    IF NEW."status" = 'PENDING' THEN
      INSERT INTO "hitl_pending_changes" ("interaction_type", "delta") VALUES (NEW."interaction_type", 1);
    END IF;
  END IF;
  RETURN NULL;
END;
$$;

CREATE TRIGGER "hitl_interactions_record_pending_change" AFTER INSERT OR DELETE ON "hitl_interactions"
  FOR EACH ROW EXECUTE FUNCTION "record_hitl_pending_change"();
-- An update counts only when it moves a prompt in or out of PENDING (or changes a pending prompt's type).
CREATE TRIGGER "hitl_interactions_record_pending_update" AFTER UPDATE OF "status", "interaction_type" ON "hitl_interactions"
  FOR EACH ROW
  WHEN (OLD."status" IS DISTINCT FROM NEW."status" OR OLD."interaction_type" IS DISTINCT FROM NEW."interaction_type")
  EXECUTE FUNCTION "record_hitl_pending_change"();

-- The prompts already waiting, counted once.
INSERT INTO "hitl_pending_counts" ("interaction_type", "count")
SELECT "interaction_type", count(*) FROM "hitl_interactions" WHERE "status" = 'PENDING' GROUP BY "interaction_type";
