// The parser of prisma/schema.prisma that the drift checker (schema-drift.test.ts) compares the database with: what it
// reads, and that it refuses what it does not understand. Pure: no database.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { PrismaSchemaParseError } from './helpers/prisma-schema/model';
import { parsePrismaSchema } from './helpers/prisma-schema/parse';

const SCHEMA_PATH = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', 'prisma', 'schema.prisma');
const schemaText = fs.readFileSync(SCHEMA_PATH, 'utf8');

describe('parsePrismaSchema', () => {
  const text = `
// A line comment, and a URL in a string that is not one: "http://example.com"
generator client {
  provider = "prisma-client"
}

datasource db {
  provider = "postgresql"
}

/// Account state.
enum Status {
  ACTIVE
  GONE   @map("gone") // a mapped value
  @@map("account_status")
}

model User {
  id        String    @id @default(dbgenerated("gen_random_uuid()")) @map("user_id") @db.Uuid
  email     String    @unique @db.VarChar(320)
  /// Shown in the UI.
  name      String?   @default("a // b")
  tags      String[]  @default([])
  status    Status    @default(ACTIVE)
  price     Decimal   @db.Decimal(10, 2)
  createdAt DateTime  @default(now()) @map("created_at") @db.Timestamptz(6)
  updatedAt DateTime  @updatedAt
  posts     Post[]

  @@unique([email, name], map: "users_email_name_key")
  @@index([status, createdAt(sort: Desc)])
  @@map("users")
}

model Post {
  postId   Int   @id @default(autoincrement()) @map("post_id")
  authorId String? @map("author_id") @db.Uuid
  author   User?  @relation(fields: [authorId], references: [id], onDelete: Cascade)
}
`;

  it('reads models, fields, attributes and enums', () => {
    const schema = parsePrismaSchema(text);
    expect(schema.enums).toEqual([
      { name: 'Status', dbName: 'account_status', values: ['ACTIVE', 'GONE'], dbValues: ['ACTIVE', 'gone'] },
    ]);
    expect(schema.models.map((m) => [m.name, m.dbName])).toEqual([
      ['User', 'users'],
      ['Post', 'Post'],
    ]);

    const user = schema.models[0]!;
    const summary = user.fields.map((f) => ({
      name: f.name,
      columnName: f.columnName,
      type: f.type,
      isList: f.isList,
      isOptional: f.isOptional,
      isEnum: f.isEnum,
      nativeType: f.nativeType,
    }));
    expect(summary).toEqual([
      {
        name: 'id',
        columnName: 'user_id',
        type: 'String',
        isList: false,
        isOptional: false,
        isEnum: false,
        nativeType: { name: 'Uuid', args: [] },
      },
      {
        name: 'email',
        columnName: 'email',
        type: 'String',
        isList: false,
        isOptional: false,
        isEnum: false,
        nativeType: { name: 'VarChar', args: ['320'] },
      },
      {
        name: 'name',
        columnName: 'name',
        type: 'String',
        isList: false,
        isOptional: true,
        isEnum: false,
        nativeType: null,
      },
      {
        name: 'tags',
        columnName: 'tags',
        type: 'String',
        isList: true,
        isOptional: false,
        isEnum: false,
        nativeType: null,
      },
      {
        name: 'status',
        columnName: 'status',
        type: 'Status',
        isList: false,
        isOptional: false,
        isEnum: true,
        nativeType: null,
      },
      {
        name: 'price',
        columnName: 'price',
        type: 'Decimal',
        isList: false,
        isOptional: false,
        isEnum: false,
        nativeType: { name: 'Decimal', args: ['10', '2'] },
      },
      {
        name: 'createdAt',
        columnName: 'created_at',
        type: 'DateTime',
        isList: false,
        isOptional: false,
        isEnum: false,
        nativeType: { name: 'Timestamptz', args: ['6'] },
      },
      {
        name: 'updatedAt',
        columnName: 'updatedAt',
        type: 'DateTime',
        isList: false,
        isOptional: false,
        isEnum: false,
        nativeType: null,
      },
    ]);
    const byName = new Map(user.fields.map((f) => [f.name, f]));
    expect(byName.get('id')).toMatchObject({ isId: true, default: 'dbgenerated("gen_random_uuid()")' });
    expect(byName.get('email')).toMatchObject({ isUnique: true, isId: false });
    expect(byName.get('name')).toMatchObject({ default: '"a // b"', documentation: 'Shown in the UI.' });
    expect(byName.get('tags')!.default).toBe('[]');
    expect(byName.get('updatedAt')!.isUpdatedAt).toBe(true);

    expect(user.relations.map((r) => r.name)).toEqual(['posts']);
    expect(user.primaryKey).toEqual({ fields: [{ name: 'id', sort: null }], name: null, map: null });
    expect(user.uniques).toEqual([
      { fields: [{ name: 'email', sort: null }], name: null, map: null },
      {
        fields: [
          { name: 'email', sort: null },
          { name: 'name', sort: null },
        ],
        name: null,
        map: 'users_email_name_key',
      },
    ]);
    expect(user.indexes).toEqual([
      {
        fields: [
          { name: 'status', sort: null },
          { name: 'createdAt', sort: 'Desc' },
        ],
        name: null,
        map: null,
      },
    ]);

    const post = schema.models[1]!;
    expect(post.fields.map((f) => [f.name, f.columnName, f.isOptional])).toEqual([
      ['postId', 'post_id', false],
      ['authorId', 'author_id', true],
    ]);
    expect(post.relations).toMatchObject([
      {
        name: 'author',
        type: 'User',
        isOptional: true,
        fields: ['authorId'],
        references: ['id'],
        onDelete: 'Cascade',
        onUpdate: null,
      },
    ]);
  });

  it('reads the real schema', () => {
    const schema = parsePrismaSchema(schemaText);
    const job = schema.models.find((m) => m.name === 'Job')!;
    expect(job.dbName).toBe('jobs');
    expect(job.fields.find((f) => f.name === 'jobId')).toMatchObject({
      columnName: 'job_id',
      isId: true,
      nativeType: { name: 'Uuid', args: [] },
    });
    expect(job.fields.find((f) => f.name === 'currentPhase')).toMatchObject({
      isEnum: true,
      isOptional: true,
      columnName: 'current_phase',
    });
    expect(job.fields.some((f) => f.name === 'events')).toBe(false);
    expect(job.relations.map((r) => r.name)).toEqual([
      'hitlInteractions',
      'deepUnderstanding',
      'tddWorkflow',
      'events',
      'skills',
      'validationReports',
      'scenarioRuns',
      'llmCalls',
    ]);
    expect(schema.enums.find((e) => e.name === 'JobStatus')).toMatchObject({
      dbName: 'job_status',
      values: expect.arrayContaining(['PENDING_HITL']),
    });
  });

  it('rejects what it does not understand instead of skipping it', () => {
    expect(() => parsePrismaSchema('model A {\n  id Int @id\n  b Strin\n}')).toThrow(PrismaSchemaParseError);
    expect(() => parsePrismaSchema('model A {\n  id Int @id\n  @@index([missing])\n}')).toThrow(
      /missing is not a scalar field/,
    );
    expect(() => parsePrismaSchema('model A {\n  id Int @id')).toThrow(/missing closing/);
    expect(() => parsePrismaSchema('modle A {\n}')).toThrow(PrismaSchemaParseError);
    expect(() => parsePrismaSchema('model A {\n  id Int @id @default(autoincrement()\n}')).toThrow(/unclosed/);
  });
});
