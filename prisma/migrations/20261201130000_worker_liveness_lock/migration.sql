-- A worker process holds a session-level advisory lock on this key on a connection of its own; PostgreSQL frees it
-- the instant that connection dies, so the sweep sees a SIGKILLed worker at once instead of after the heartbeat
-- window. liveness_locked_at (server time) tells a lock lost to a PostgreSQL restart apart from a dead worker.
ALTER TABLE "worker_heartbeats" ADD COLUMN "liveness_lock_key" BIGINT;
ALTER TABLE "worker_heartbeats" ADD COLUMN "liveness_locked_at" TIMESTAMPTZ(6);
-- The application_name every connection of the worker's pool carries: while one is connected the process lives.
ALTER TABLE "worker_heartbeats" ADD COLUMN "application_name" VARCHAR(64);
