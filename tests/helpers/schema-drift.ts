// Compares what prisma/schema.prisma declares with what the migrations actually built in the `public` schema of a
// live database, and describes every difference in a sentence. An empty list means no drift.
//
// Compared:
//   tables       every model has a table (its @@map name) and every table except _prisma_migrations has a model;
//   columns      a table's columns are exactly its model's scalar and enum fields (their @map names);
//   types        each column's type is the one Prisma gives the field (see expectedType below);
//   nullability  optional fields are nullable, required and list fields are NOT NULL;
//   enums        every enum is a PostgreSQL enum type (its @@map name) with the same values in the same order, and
//                every enum type in `public` has an enum in the schema;
//   keys         the primary key, each @unique / @@unique and each @@index exists on the same columns in the same
//                order (with the same sort order), and each relation's foreign key exists with the same columns,
//                referenced table and columns and referential actions; a foreign key no relation declares is
//                reported too. Extra indexes (partial, expression, ...) are the migration's business and allowed.
// Not compared: column defaults, check constraints, triggers, index and constraint names.
import type pg from 'pg';
import {
  parsePrismaSchema,
  type PrismaField,
  type PrismaIndex,
  type PrismaModel,
  type PrismaSchema,
} from './prisma-schema';

/** The bookkeeping table of the migrator; no model describes it. */
const IGNORED_TABLES = new Set(['_prisma_migrations']);

interface Queryable {
  query<R extends pg.QueryResultRow>(text: string, values?: unknown[]): Promise<pg.QueryResult<R>>;
}

interface ColumnRow {
  table_name: string;
  column_name: string;
  data_type: string;
  udt_name: string;
  is_nullable: 'YES' | 'NO';
  character_maximum_length: number | null;
  formatted_type: string;
  typtype: string;
  type_schema: string;
  typname: string;
  element_typtype: string | null;
  element_type_schema: string | null;
  element_typname: string | null;
}

interface EnumRow {
  typname: string;
  labels: string[];
}

interface IndexRow {
  table_name: string;
  index_name: string;
  is_primary: boolean;
  is_unique: boolean;
  is_partial: boolean;
  columns: Array<string | null>;
  options: number[];
}

interface ForeignKeyRow {
  table_name: string;
  constraint_name: string;
  columns: string[];
  referenced_table: string;
  referenced_columns: string[];
  on_delete: string;
  on_update: string;
}

const TABLES_SQL = `
SELECT table_name
FROM information_schema.tables
WHERE table_schema = 'public' AND table_type = 'BASE TABLE'
ORDER BY table_name`;

const COLUMNS_SQL = `
SELECT c.table_name, c.column_name, c.data_type, c.udt_name, c.is_nullable, c.character_maximum_length,
       pg_catalog.format_type(a.atttypid, a.atttypmod) AS formatted_type,
       t.typtype, tn.nspname AS type_schema, t.typname,
       et.typtype AS element_typtype, etn.nspname AS element_type_schema, et.typname AS element_typname
FROM information_schema.columns c
JOIN pg_catalog.pg_namespace n ON n.nspname = c.table_schema
JOIN pg_catalog.pg_class cl ON cl.relnamespace = n.oid AND cl.relname = c.table_name
JOIN pg_catalog.pg_attribute a ON a.attrelid = cl.oid AND a.attname = c.column_name AND a.attnum > 0 AND NOT a.attisdropped
JOIN pg_catalog.pg_type t ON t.oid = a.atttypid
JOIN pg_catalog.pg_namespace tn ON tn.oid = t.typnamespace
LEFT JOIN pg_catalog.pg_type et ON t.typcategory = 'A' AND et.oid = t.typelem
LEFT JOIN pg_catalog.pg_namespace etn ON etn.oid = et.typnamespace
WHERE c.table_schema = 'public'
ORDER BY c.table_name, c.ordinal_position`;

const ENUMS_SQL = `
SELECT t.typname, array_agg(e.enumlabel::text ORDER BY e.enumsortorder) AS labels
FROM pg_catalog.pg_type t
JOIN pg_catalog.pg_namespace n ON n.oid = t.typnamespace
JOIN pg_catalog.pg_enum e ON e.enumtypid = t.oid
WHERE n.nspname = 'public' AND t.typtype = 'e'
GROUP BY t.typname
ORDER BY t.typname`;

const INDEXES_SQL = `
SELECT cl.relname AS table_name, ic.relname AS index_name, x.indisprimary AS is_primary, x.indisunique AS is_unique,
       x.indpred IS NOT NULL AS is_partial,
       ARRAY(
         SELECT a.attname::text
         FROM unnest(x.indkey::int2[]) WITH ORDINALITY AS k(attnum, ord)
         LEFT JOIN pg_catalog.pg_attribute a ON a.attrelid = x.indrelid AND a.attnum = k.attnum
         WHERE k.ord <= x.indnkeyatts
         ORDER BY k.ord
       ) AS columns,
       x.indoption::int2[] AS options
FROM pg_catalog.pg_index x
JOIN pg_catalog.pg_class cl ON cl.oid = x.indrelid
JOIN pg_catalog.pg_class ic ON ic.oid = x.indexrelid
JOIN pg_catalog.pg_namespace n ON n.oid = cl.relnamespace
WHERE n.nspname = 'public'
ORDER BY cl.relname, ic.relname`;

const FOREIGN_KEYS_SQL = `
SELECT cl.relname AS table_name, con.conname AS constraint_name,
       ARRAY(
         SELECT a.attname::text FROM unnest(con.conkey) WITH ORDINALITY AS k(attnum, ord)
         JOIN pg_catalog.pg_attribute a ON a.attrelid = con.conrelid AND a.attnum = k.attnum ORDER BY k.ord
       ) AS columns,
       fcl.relname AS referenced_table,
       ARRAY(
         SELECT a.attname::text FROM unnest(con.confkey) WITH ORDINALITY AS k(attnum, ord)
         JOIN pg_catalog.pg_attribute a ON a.attrelid = con.confrelid AND a.attnum = k.attnum ORDER BY k.ord
       ) AS referenced_columns,
       con.confdeltype::text AS on_delete, con.confupdtype::text AS on_update
FROM pg_catalog.pg_constraint con
JOIN pg_catalog.pg_class cl ON cl.oid = con.conrelid
JOIN pg_catalog.pg_namespace n ON n.oid = cl.relnamespace
JOIN pg_catalog.pg_class fcl ON fcl.oid = con.confrelid
WHERE con.contype = 'f' AND n.nspname = 'public'
ORDER BY cl.relname, con.conname`;

/** pg_constraint.confdeltype / confupdtype codes. */
const REFERENTIAL_ACTIONS: Record<string, string> = {
  a: 'NoAction',
  r: 'Restrict',
  c: 'Cascade',
  n: 'SetNull',
  d: 'SetDefault',
};

/** `timestamp with time zone` is precision 6; spell it out so that TIMESTAMPTZ and TIMESTAMPTZ(6) compare equal. */
function normalizeFormattedType(formatted: string): string {
  return formatted.replace(/^(timestamp|time)( with(?:out)? time zone)$/, '$1(6)$2');
}

function qualifiedTypeName(schema: string, name: string): string {
  return schema === 'public' ? name : `${schema}.${name}`;
}

/** The column's type in the form expectedType produces: format_type, with enums as `enum <name>`. */
function actualType(row: ColumnRow): string {
  if (row.element_typname !== null) {
    const element =
      row.element_typtype === 'e'
        ? `enum ${qualifiedTypeName(row.element_type_schema ?? 'public', row.element_typname)}`
        : normalizeFormattedType(row.formatted_type.replace(/\[\]$/, ''));
    return `${element}[]`;
  }
  if (row.typtype === 'e') return `enum ${qualifiedTypeName(row.type_schema, row.typname)}`;
  return normalizeFormattedType(row.formatted_type);
}

type Expected = { type: string } | { unchecked: true } | { error: string };

/** The PostgreSQL type Prisma gives a field (what `prisma migrate` would create), in format_type spelling. */
export function expectedType(field: PrismaField, schema: PrismaSchema): Expected {
  const list = field.isList ? '[]' : '';
  if (field.isEnum) {
    const enumDef = schema.enums.find((e) => e.name === field.type);
    return { type: `enum ${enumDef?.dbName ?? field.type}${list}` };
  }
  if (field.unsupportedType !== null) return { unchecked: true };
  const native = field.nativeType;
  const args = native?.args ?? [];
  const arg = (fallback: string): string => args[0] ?? fallback;
  let base: string | undefined;
  switch (field.type) {
    case 'String':
      base = !native
        ? 'text'
        : (
            {
              Text: 'text',
              VarChar: args.length ? `character varying(${arg('')})` : 'character varying',
              Char: `character(${arg('1')})`,
              Uuid: 'uuid',
              Xml: 'xml',
              Inet: 'inet',
              Citext: 'citext',
              Bit: `bit(${arg('1')})`,
              VarBit: args.length ? `bit varying(${arg('')})` : 'bit varying',
            } as Record<string, string>
          )[native.name];
      break;
    case 'Int':
      base = !native
        ? 'integer'
        : ({ Integer: 'integer', Int: 'integer', SmallInt: 'smallint', Oid: 'oid' } as Record<string, string>)[
            native.name
          ];
      break;
    case 'BigInt':
      base = !native || native.name === 'BigInt' ? 'bigint' : undefined;
      break;
    case 'Float':
      base = !native
        ? 'double precision'
        : ({ DoublePrecision: 'double precision', Real: 'real' } as Record<string, string>)[native.name];
      break;
    case 'Decimal':
      base = !native
        ? 'numeric(65,30)'
        : (
            { Decimal: args.length ? `numeric(${args.join(',')})` : 'numeric', Money: 'money' } as Record<
              string,
              string
            >
          )[native.name];
      break;
    case 'Boolean':
      base = !native || native.name === 'Boolean' ? 'boolean' : undefined;
      break;
    case 'DateTime':
      base = !native
        ? 'timestamp(3) without time zone'
        : (
            {
              Timestamp: `timestamp(${arg('6')}) without time zone`,
              Timestamptz: `timestamp(${arg('6')}) with time zone`,
              Date: 'date',
              Time: `time(${arg('6')}) without time zone`,
              Timetz: `time(${arg('6')}) with time zone`,
            } as Record<string, string>
          )[native.name];
      break;
    case 'Json':
      base = !native ? 'jsonb' : ({ Json: 'json', JsonB: 'jsonb' } as Record<string, string>)[native.name];
      break;
    case 'Bytes':
      base = !native || native.name === 'ByteA' ? 'bytea' : undefined;
      break;
  }
  if (base === undefined) {
    const spelled = native
      ? `@db.${native.name}${native.args.length ? `(${native.args.join(', ')})` : ''}`
      : '(no native type)';
    return { error: `${field.type} ${spelled} is not a type the drift checker knows` };
  }
  return { type: `${base}${list}` };
}

function fieldLabel(model: PrismaModel, field: PrismaField): string {
  return `${model.name}.${field.name} ${field.type}${field.isList ? '[]' : ''}${field.isOptional ? '?' : ''}`;
}

function columnsOf(model: PrismaModel, index: PrismaIndex): Array<{ column: string; desc: boolean }> {
  return index.fields.map((f) => ({
    column: model.fields.find((field) => field.name === f.name)?.columnName ?? f.name,
    desc: f.sort === 'Desc',
  }));
}

function describeColumns(columns: Array<{ column: string | null; desc: boolean }>): string {
  return `(${columns.map((c) => `${c.column ?? '<expression>'}${c.desc ? ' DESC' : ''}`).join(', ')})`;
}

function indexColumns(row: IndexRow): Array<{ column: string | null; desc: boolean }> {
  // indoption bit 0 is DESC.
  return row.columns.map((column, i) => ({ column, desc: ((row.options[i] ?? 0) & 1) === 1 }));
}

function sameColumns(
  a: Array<{ column: string | null; desc: boolean }>,
  b: Array<{ column: string | null; desc: boolean }>,
  withSort: boolean,
): boolean {
  return a.length === b.length && a.every((x, i) => x.column === b[i]!.column && (!withSort || x.desc === b[i]!.desc));
}

function compareKeys(model: PrismaModel, indexes: IndexRow[], problems: string[]): void {
  const table = model.dbName;
  const usable = indexes.filter(
    (row) => row.table_name === table && !row.is_partial && row.columns.every((c) => c !== null),
  );

  const primary = indexes.find((row) => row.table_name === table && row.is_primary);
  if (model.primaryKey) {
    const expected = columnsOf(model, model.primaryKey).map((c) => ({ column: c.column, desc: false }));
    if (!primary) problems.push(`${table}: has no primary key, ${model.name} declares ${describeColumns(expected)}`);
    else if (!sameColumns(indexColumns(primary), expected, false)) {
      problems.push(
        `${table}: primary key is ${describeColumns(indexColumns(primary))}, ${model.name} declares ${describeColumns(expected)}`,
      );
    }
  } else if (primary) {
    problems.push(`${table}: has primary key ${describeColumns(indexColumns(primary))}, ${model.name} declares none`);
  }

  for (const unique of model.uniques) {
    const expected = columnsOf(model, unique);
    if (!usable.some((row) => row.is_unique && sameColumns(indexColumns(row), expected, true))) {
      problems.push(`${table}: no unique index on ${describeColumns(expected)}, which ${model.name} declares unique`);
    }
  }
  for (const index of model.indexes) {
    const expected = columnsOf(model, index);
    if (!usable.some((row) => !row.is_unique && sameColumns(indexColumns(row), expected, true))) {
      problems.push(`${table}: no index on ${describeColumns(expected)}, which ${model.name} declares with @@index`);
    }
  }
}

function compareForeignKeys(
  schema: PrismaSchema,
  tables: Set<string>,
  foreignKeys: ForeignKeyRow[],
  problems: string[],
): void {
  const matched = new Set<ForeignKeyRow>();
  for (const model of schema.models) {
    if (!tables.has(model.dbName)) continue;
    for (const relation of model.relations) {
      if (relation.fields.length === 0) continue; // back-relation side: the other model holds the key
      const target = schema.models.find((m) => m.name === relation.type)!;
      const columns = relation.fields.map((name) => model.fields.find((f) => f.name === name)?.columnName ?? name);
      const referenced = relation.references.map(
        (name) => target.fields.find((f) => f.name === name)?.columnName ?? name,
      );
      const optional = relation.fields.some((name) => model.fields.find((f) => f.name === name)?.isOptional);
      const onDelete = relation.onDelete ?? (optional ? 'SetNull' : 'Restrict');
      const onUpdate = relation.onUpdate ?? 'Cascade';
      const label = `${model.name}.${relation.name}: foreign key ${model.dbName}(${columns.join(', ')}) -> ${target.dbName}(${referenced.join(', ')})`;
      const row = foreignKeys.find(
        (fk) =>
          !matched.has(fk) &&
          fk.table_name === model.dbName &&
          fk.columns.join(',') === columns.join(',') &&
          fk.referenced_table === target.dbName &&
          fk.referenced_columns.join(',') === referenced.join(','),
      );
      if (!row) {
        problems.push(`${label} is missing`);
        continue;
      }
      matched.add(row);
      const actualDelete = REFERENTIAL_ACTIONS[row.on_delete] ?? row.on_delete;
      const actualUpdate = REFERENTIAL_ACTIONS[row.on_update] ?? row.on_update;
      if (actualDelete !== onDelete) problems.push(`${label}: ON DELETE is ${actualDelete}, expected ${onDelete}`);
      if (actualUpdate !== onUpdate) problems.push(`${label}: ON UPDATE is ${actualUpdate}, expected ${onUpdate}`);
    }
  }
  for (const fk of foreignKeys) {
    if (matched.has(fk) || IGNORED_TABLES.has(fk.table_name)) continue;
    if (!schema.models.some((m) => m.dbName === fk.table_name)) continue; // the whole table is already reported
    problems.push(
      `${fk.table_name}: foreign key ${fk.constraint_name} (${fk.columns.join(', ')}) -> ${fk.referenced_table}(${fk.referenced_columns.join(', ')}) is not declared by any relation`,
    );
  }
}

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
