// Compares what prisma/schema.prisma declares with what the migrations actually built in the `public` schema of a
// live database, and describes every difference in a sentence. An empty list means no drift.
//
// Compared:
//   tables       every model has a table (its @@map name) and every table except _prisma_migrations has a model;
//   columns      a table's columns are exactly its model's scalar and enum fields (their @map names);
//   types        each column's type is the one Prisma gives the field (expectedType, column-types.ts);
//   nullability  optional fields are nullable, required and list fields are NOT NULL;
//   enums        every enum is a PostgreSQL enum type (its @@map name) with the same values in the same order, and
//                every enum type in `public` has an enum in the schema;
//   keys         the primary key, each @unique / @@unique and each @@index exists on the same columns in the same
//                order (with the same sort order), and each relation's foreign key exists with the same columns,
//                referenced table and columns and referential actions; a foreign key no relation declares is
//                reported too. Extra indexes (partial, expression, ...) are the migration's business and allowed.
// Not compared: column defaults, check constraints, triggers, index and constraint names.
import type pg from 'pg';
import { parsePrismaSchema } from '../prisma-schema/parse';
import {
  COLUMNS_SQL,
  type ColumnRow,
  ENUMS_SQL,
  type EnumRow,
  FOREIGN_KEYS_SQL,
  type ForeignKeyRow,
  IGNORED_TABLES,
  INDEXES_SQL,
  type IndexRow,
  type Queryable,
  TABLES_SQL,
} from './catalog';
import { actualType, expectedType } from './column-types';
import { compareForeignKeys, compareKeys, fieldLabel } from './keys';

/** Differences between `schemaText` (a schema.prisma) and the `public` schema of the database `client` is on. */
export async function findSchemaDrift(client: pg.Client | pg.Pool, schemaText: string): Promise<string[]> {
  const schema = parsePrismaSchema(schemaText);
  const db: Queryable = client;
  const [tableRows, columnRows, enumRows, indexRows, foreignKeyRows] = [
    (await db.query<{ table_name: string }>(TABLES_SQL)).rows,
    (await db.query<ColumnRow>(COLUMNS_SQL)).rows,
    (await db.query<EnumRow>(ENUMS_SQL)).rows,
    (await db.query<IndexRow>(INDEXES_SQL)).rows,
    (await db.query<ForeignKeyRow>(FOREIGN_KEYS_SQL)).rows,
  ];
  const problems: string[] = [];
  const tables = new Set(tableRows.map((r) => r.table_name).filter((name) => !IGNORED_TABLES.has(name)));

  // (1) tables <-> models
  for (const model of schema.models) {
    if (!tables.has(model.dbName)) problems.push(`model ${model.name}: table "${model.dbName}" does not exist`);
  }
  for (const table of tables) {
    if (!schema.models.some((m) => m.dbName === table)) problems.push(`table "${table}" has no model in schema.prisma`);
  }

  for (const model of schema.models) {
    if (!tables.has(model.dbName)) continue;
    const table = model.dbName;
    const columns = columnRows.filter((row) => row.table_name === table);

    // (2) column set
    for (const field of model.fields) {
      if (!columns.some((c) => c.column_name === field.columnName)) {
        problems.push(`${table}: column "${field.columnName}" (${fieldLabel(model, field)}) does not exist`);
      }
    }
    for (const column of columns) {
      if (!model.fields.some((f) => f.columnName === column.column_name)) {
        problems.push(
          `${table}: column "${column.column_name}" (${actualType(column)}) has no field in model ${model.name}`,
        );
      }
    }

    for (const field of model.fields) {
      const column = columns.find((c) => c.column_name === field.columnName);
      if (!column) continue;
      const where = `${table}.${column.column_name} (${fieldLabel(model, field)})`;

      // (3) type
      const expected = expectedType(field, schema);
      if ('error' in expected) problems.push(`${where}: ${expected.error}`);
      else if ('type' in expected) {
        const actual = actualType(column);
        if (actual !== expected.type) {
          const details = [`data_type ${column.data_type}`, `udt_name ${column.udt_name}`];
          if (column.character_maximum_length !== null)
            details.push(`character_maximum_length ${column.character_maximum_length}`);
          problems.push(`${where}: type is ${actual} (${details.join(', ')}), expected ${expected.type}`);
        }
      }

      // (4) nullability
      const shouldBeNullable = field.isOptional && !field.isList;
      const isNullable = column.is_nullable === 'YES';
      if (shouldBeNullable && !isNullable) problems.push(`${where}: column is NOT NULL, expected nullable`);
      if (!shouldBeNullable && isNullable) problems.push(`${where}: column is nullable, expected NOT NULL`);
    }

    compareKeys(model, indexRows, problems);
  }

  compareForeignKeys(schema, tables, foreignKeyRows, problems);

  // (5) enums
  for (const enumDef of schema.enums) {
    const row = enumRows.find((r) => r.typname === enumDef.dbName);
    if (!row) {
      problems.push(`enum ${enumDef.name}: PostgreSQL enum type "${enumDef.dbName}" does not exist`);
      continue;
    }
    if (row.labels.join('\u0000') !== enumDef.dbValues.join('\u0000')) {
      problems.push(
        `enum ${enumDef.name}: type "${enumDef.dbName}" has values [${row.labels.join(', ')}], expected [${enumDef.dbValues.join(', ')}]`,
      );
    }
  }
  for (const row of enumRows) {
    if (!schema.enums.some((e) => e.dbName === row.typname)) {
      problems.push(`enum type "${row.typname}" [${row.labels.join(', ')}] has no enum in schema.prisma`);
    }
  }

  return problems;
}
