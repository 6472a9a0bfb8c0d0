// The database is built from the hand-written SQL in prisma/migrations; prisma/schema.prisma describes the same
// model to the Prisma client. This file proves they agree, and that the checker notices when they do not (its parser
// of schema.prisma: prisma-schema.test.ts).
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type pg from 'pg';
import { beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from './helpers/database';
import { stopWhenTestEnds } from './helpers/cleanup';
import { parsePrismaSchema } from './helpers/prisma-schema/parse';
import { findSchemaDrift } from './helpers/schema-drift/find-drift';

const SCHEMA_PATH = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', 'prisma', 'schema.prisma');
const schemaText = fs.readFileSync(SCHEMA_PATH, 'utf8');

describe('migrated database vs prisma/schema.prisma', () => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await createTestDatabase();
    return () => db.drop();
  });

  it('has no drift', async () => {
    expect(await findSchemaDrift(db.pool, schemaText)).toEqual([]);
  });

  it('compares every table of the database (the check is not vacuous)', async () => {
    const schema = parsePrismaSchema(schemaText);
    const { rows } = await db.pool.query<{ table_name: string }>(
      `SELECT table_name FROM information_schema.tables
       WHERE table_schema = 'public' AND table_type = 'BASE TABLE' AND table_name <> '_prisma_migrations'
       ORDER BY table_name`,
    );
    expect(rows.map((r) => r.table_name)).toEqual(schema.models.map((m) => m.dbName).sort());
    expect(schema.models.length).toBe(15);
    expect(schema.enums.length).toBe(8);
    const { rows: columns } = await db.pool.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM information_schema.columns
       WHERE table_schema = 'public' AND table_name <> '_prisma_migrations'`,
    );
    expect(columns[0]!.n).toBe(schema.models.reduce((sum, m) => sum + m.fields.length, 0));
  });
});

describe('the drift checker reports', () => {
  // Each case alters a second clone inside a transaction that is rolled back (PostgreSQL DDL is transactional),
  // so every case starts from the migrated schema; the exact list proves nothing else is reported.
  let db: TestDatabase;
  beforeAll(async () => {
    db = await createTestDatabase();
    return () => db.drop();
  });

  async function driftAfter(sql: string, text = schemaText): Promise<string[]> {
    const client: pg.PoolClient = await db.pool.connect();
    try {
      await client.query('BEGIN');
      await client.query(sql);
      return await findSchemaDrift(client, text);
    } finally {
      await client.query('ROLLBACK').catch(() => undefined);
      client.release();
    }
  }

  it('a NOT NULL column whose field is optional, and a nullable one whose field is required', async () => {
    expect(
      await driftAfter(`
        ALTER TABLE jobs ALTER COLUMN error SET NOT NULL;
        ALTER TABLE jobs ALTER COLUMN user_id DROP NOT NULL;
        ALTER TABLE deep_understanding_state ALTER COLUMN user_goals DROP NOT NULL;`),
    ).toEqual([
      'jobs.user_id (Job.userId String): column is nullable, expected NOT NULL',
      'jobs.error (Job.error String?): column is NOT NULL, expected nullable',
      'deep_understanding_state.user_goals (DeepUnderstandingState.userGoals String[]): column is nullable, expected NOT NULL',
    ]);
  });

  it('an extra column and a missing column', async () => {
    expect(
      await driftAfter(`
        ALTER TABLE skills ADD COLUMN extra_col int;
        ALTER TABLE job_events DROP COLUMN message;`),
    ).toEqual([
      'job_events: column "message" (JobEvent.message String?) does not exist',
      'skills: column "extra_col" (integer) has no field in model Skill',
    ]);
  });

  it('a column whose type differs', async () => {
    expect(
      await driftAfter(`
        ALTER TABLE worker_heartbeats ALTER COLUMN hostname TYPE varchar(100);
        ALTER TABLE jobs ALTER COLUMN task_description TYPE varchar(500);
        ALTER TABLE skills ALTER COLUMN skill_id TYPE text;
        ALTER TABLE jobs ALTER COLUMN progress_percent TYPE bigint;
        ALTER TABLE jobs ALTER COLUMN result TYPE json;
        ALTER TABLE jobs ALTER COLUMN started_at TYPE timestamp(6);
        ALTER TABLE jobs ALTER COLUMN updated_at TYPE timestamptz(3);
        ALTER TABLE jobs ALTER COLUMN validation_score TYPE real;
        ALTER TABLE jobs ALTER COLUMN promoted DROP DEFAULT;
        ALTER TABLE jobs ALTER COLUMN promoted TYPE int USING promoted::int;
        ALTER TABLE job_events ALTER COLUMN event_id TYPE integer;
        ALTER TABLE job_events ALTER COLUMN phase TYPE text;
        ALTER TABLE validation_reports ALTER COLUMN errors TYPE varchar(10)[];
        ALTER TABLE validation_reports ALTER COLUMN warnings DROP DEFAULT;
        ALTER TABLE validation_reports ALTER COLUMN warnings TYPE text USING array_to_string(warnings, ',');`),
    ).toEqual([
      'jobs.task_description (Job.taskDescription String): type is character varying(500) (data_type character varying, udt_name varchar, character_maximum_length 500), expected text',
      'jobs.progress_percent (Job.progressPercent Int): type is bigint (data_type bigint, udt_name int8), expected integer',
      'jobs.result (Job.result Json?): type is json (data_type json, udt_name json), expected jsonb',
      'jobs.promoted (Job.promoted Boolean): type is integer (data_type integer, udt_name int4), expected boolean',
      'jobs.validation_score (Job.validationScore Float?): type is real (data_type real, udt_name float4), expected double precision',
      'jobs.started_at (Job.startedAt DateTime?): type is timestamp(6) without time zone (data_type timestamp without time zone, udt_name timestamp), expected timestamp(6) with time zone',
      'jobs.updated_at (Job.updatedAt DateTime): type is timestamp(3) with time zone (data_type timestamp with time zone, udt_name timestamptz), expected timestamp(6) with time zone',
      'job_events.event_id (JobEvent.eventId BigInt): type is integer (data_type integer, udt_name int4), expected bigint',
      'job_events.phase (JobEvent.phase WorkflowPhase?): type is text (data_type text, udt_name text), expected enum workflow_phase',
      'skills.skill_id (Skill.skillId String): type is text (data_type text, udt_name text), expected uuid',
      'validation_reports.errors (ValidationReport.errors String[]): type is character varying(10)[] (data_type ARRAY, udt_name _varchar), expected text[]',
      'validation_reports.warnings (ValidationReport.warnings String[]): type is text (data_type text, udt_name text), expected text[]',
      'worker_heartbeats.hostname (WorkerHeartbeat.hostname String): type is character varying(100) (data_type character varying, udt_name varchar, character_maximum_length 100), expected character varying(255)',
    ]);
  });

  it('an enum column of another enum type', async () => {
    expect(await driftAfter(`ALTER TABLE job_events ALTER COLUMN status TYPE hitl_status USING 'PENDING'`)).toEqual([
      'job_events.status (JobEvent.status JobStatus): type is enum hitl_status (data_type USER-DEFINED, udt_name hitl_status), expected enum job_status',
    ]);
  });

  it('a missing table, a table without a model, and a renamed enum type', async () => {
    expect(
      await driftAfter(`
        ALTER TABLE tdd_workflow_state RENAME TO tdd_state;
        CREATE TABLE stray (id int);
        ALTER TYPE skill_status RENAME TO skill_state;
        CREATE TYPE mood AS ENUM ('HAPPY', 'SAD');`),
    ).toEqual([
      'model TddWorkflowState: table "tdd_workflow_state" does not exist',
      'table "stray" has no model in schema.prisma',
      'table "tdd_state" has no model in schema.prisma',
      'skills.status (Skill.status SkillStatus): type is enum skill_state (data_type USER-DEFINED, udt_name skill_state), expected enum skill_status',
      'enum SkillStatus: PostgreSQL enum type "skill_status" does not exist',
      'enum type "mood" [HAPPY, SAD] has no enum in schema.prisma',
      'enum type "skill_state" [DRAFT, ACTIVE, DEPRECATED, ARCHIVED] has no enum in schema.prisma',
    ]);
  });

  it('an enum value renamed', async () => {
    expect(await driftAfter(`ALTER TYPE hitl_status RENAME VALUE 'TIMEOUT' TO 'TIMED_OUT'`)).toEqual([
      'enum HitlStatus: type "hitl_status" has values [PENDING, RESPONDED, TIMED_OUT, CANCELLED], expected [PENDING, RESPONDED, TIMEOUT, CANCELLED]',
    ]);
  });

  it('an enum value added (committed, in a clone of its own: ADD VALUE is not transactional everywhere)', async () => {
    const own = await createTestDatabase();
    stopWhenTestEnds(own.drop);
    await own.pool.query(`ALTER TYPE job_status ADD VALUE 'ZOMBIE'`);
    await own.pool.query(`ALTER TYPE tdd_phase ADD VALUE 'PLAN' BEFORE 'RED'`);
    expect(await findSchemaDrift(own.pool, schemaText)).toEqual([
      'enum JobStatus: type "job_status" has values [PENDING, RUNNING, PENDING_HITL, PENDING_REVIEW, COMPLETED, FAILED, CANCELLED, ZOMBIE], expected [PENDING, RUNNING, PENDING_HITL, PENDING_REVIEW, COMPLETED, FAILED, CANCELLED]',
      'enum TddPhase: type "tdd_phase" has values [PLAN, RED, GREEN, REFACTOR], expected [RED, GREEN, REFACTOR]',
    ]);
  });

  it('missing keys, indexes and foreign keys, and a foreign key no relation declares', async () => {
    expect(
      await driftAfter(`
        ALTER TABLE worker_heartbeats DROP CONSTRAINT worker_heartbeats_pkey;
        ALTER TABLE worker_heartbeats ADD PRIMARY KEY (worker_id, pid);
        DROP INDEX skills_name_key;
        DROP INDEX jobs_status_created_at_job_id_idx;
        DROP INDEX jobs_user_id_created_at_idx;
        CREATE INDEX jobs_user_id_created_at_idx ON jobs (user_id, created_at);
        DROP INDEX validation_reports_job_id_attempt_key;
        CREATE UNIQUE INDEX validation_reports_job_id_attempt_key ON validation_reports (attempt, job_id);
        ALTER TABLE job_events DROP CONSTRAINT job_events_job_id_fkey;
        ALTER TABLE skills DROP CONSTRAINT skills_job_id_fkey;
        ALTER TABLE skills ADD CONSTRAINT skills_job_id_fkey FOREIGN KEY (job_id) REFERENCES jobs (job_id) ON DELETE CASCADE ON UPDATE CASCADE;
        ALTER TABLE worker_heartbeats ADD COLUMN job_id uuid REFERENCES jobs (job_id);`),
    ).toEqual([
      'jobs: no index on (user_id, created_at DESC), which Job declares with @@index',
      'jobs: no index on (status, created_at, job_id), which Job declares with @@index',
      'skills: no unique index on (name), which Skill declares unique',
      'validation_reports: no unique index on (job_id, attempt), which ValidationReport declares unique',
      'worker_heartbeats: column "job_id" (uuid) has no field in model WorkerHeartbeat',
      'worker_heartbeats: primary key is (worker_id, pid), WorkerHeartbeat declares (worker_id)',
      'JobEvent.job: foreign key job_events(job_id) -> jobs(job_id) is missing',
      'Skill.job: foreign key skills(job_id) -> jobs(job_id): ON DELETE is Cascade, expected SetNull',
      'worker_heartbeats: foreign key worker_heartbeats_job_id_fkey (job_id) -> jobs(job_id) is not declared by any relation',
    ]);
  });

  it('differences introduced on the schema.prisma side', async () => {
    const edited = schemaText
      .replace(/^(\s+error\s+)String\?/m, '$1String')
      .replace(
        'version         String      @default("1.0.0") @db.VarChar(32)',
        'version         String      @default("1.0.0") @db.VarChar(16)',
      )
      .replace(/(enum TddPhase \{\s+RED)/, '$1\n  BLUE')
      .replace(/(model Skill \{)/, '$1\n  region String?')
      .replace('@@map("worker_heartbeats")', '@@map("heartbeats")');
    expect(edited).not.toBe(schemaText);
    expect(await driftAfter('SELECT 1', edited)).toEqual([
      'model WorkerHeartbeat: table "heartbeats" does not exist',
      'table "worker_heartbeats" has no model in schema.prisma',
      'jobs.error (Job.error String): column is nullable, expected NOT NULL',
      'skills: column "region" (Skill.region String?) does not exist',
      'skills.version (Skill.version String): type is character varying(32) (data_type character varying, udt_name varchar, character_maximum_length 32), expected character varying(16)',
      'enum TddPhase: type "tdd_phase" has values [RED, GREEN, REFACTOR], expected [RED, BLUE, GREEN, REFACTOR]',
    ]);
  });
});
