// What the drift checker reads from the PostgreSQL catalog of the `public` schema: tables, columns, enum types,
// indexes and foreign keys, one query each.
import type pg from 'pg';

/** The bookkeeping table of the migrator; no model describes it. */
export const IGNORED_TABLES = new Set(['_prisma_migrations']);

export interface Queryable {
  query<R extends pg.QueryResultRow>(text: string, values?: unknown[]): Promise<pg.QueryResult<R>>;
}

export interface ColumnRow {
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

export interface EnumRow {
  typname: string;
  labels: string[];
}

export interface IndexRow {
  table_name: string;
  index_name: string;
  is_primary: boolean;
  is_unique: boolean;
  is_partial: boolean;
  columns: Array<string | null>;
  options: number[];
}

export interface ForeignKeyRow {
  table_name: string;
  constraint_name: string;
  columns: string[];
  referenced_table: string;
  referenced_columns: string[];
  on_delete: string;
  on_update: string;
}

export const TABLES_SQL = `
SELECT table_name
FROM information_schema.tables
WHERE table_schema = 'public' AND table_type = 'BASE TABLE'
ORDER BY table_name`;

export const COLUMNS_SQL = `
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

export const ENUMS_SQL = `
SELECT t.typname, array_agg(e.enumlabel::text ORDER BY e.enumsortorder) AS labels
FROM pg_catalog.pg_type t
JOIN pg_catalog.pg_namespace n ON n.oid = t.typnamespace
JOIN pg_catalog.pg_enum e ON e.enumtypid = t.oid
WHERE n.nspname = 'public' AND t.typtype = 'e'
GROUP BY t.typname
ORDER BY t.typname`;

export const INDEXES_SQL = `
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

export const FOREIGN_KEYS_SQL = `
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
export const REFERENTIAL_ACTIONS: Record<string, string> = {
  a: 'NoAction',
  r: 'Restrict',
  c: 'Cascade',
  n: 'SetNull',
  d: 'SetDefault',
};
