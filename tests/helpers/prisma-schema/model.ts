// What the parser of prisma/schema.prisma (parse.ts) returns: models, fields, relations, indexes and enums.
export const SCALAR_TYPES = [
  'String',
  'Int',
  'BigInt',
  'Float',
  'Decimal',
  'Boolean',
  'DateTime',
  'Json',
  'Bytes',
] as const;

export interface PrismaAttribute {
  /** Without the leading `@` / `@@`: `map`, `db.VarChar`, `default`, `unique`, ... */
  name: string;
  /** The text between the parentheses, verbatim; null when the attribute has none. */
  args: string | null;
}

export interface PrismaNativeType {
  /** `VarChar` for `@db.VarChar(64)`. */
  name: string;
  /** `['64']` for `@db.VarChar(64)`; empty when there are no parentheses. */
  args: string[];
}

/** A scalar or enum field: one column of the model's table. */
export interface PrismaField {
  name: string;
  /** `@map("...")`, else the field name. */
  columnName: string;
  /** The Prisma type without modifiers: `String`, `JobStatus`, `Unsupported("tsvector")`. */
  type: string;
  isList: boolean;
  isOptional: boolean;
  isEnum: boolean;
  /** Set for `Unsupported("...")` fields: the database type named inside. */
  unsupportedType: string | null;
  nativeType: PrismaNativeType | null;
  isId: boolean;
  isUnique: boolean;
  isUpdatedAt: boolean;
  /** The text inside `@default(...)`, verbatim (`dbgenerated("gen_random_uuid()")`, `now()`, `"{}"`). */
  default: string | null;
  attributes: PrismaAttribute[];
  documentation: string | null;
}

/** A field whose type is another model: a relation, not a column. */
export interface PrismaRelationField {
  name: string;
  /** The related model's name. */
  type: string;
  isList: boolean;
  isOptional: boolean;
  relationName: string | null;
  /** Field names of this model (the foreign key side); empty on the back-relation side. */
  fields: string[];
  /** Field names of the related model. */
  references: string[];
  onDelete: string | null;
  onUpdate: string | null;
  attributes: PrismaAttribute[];
}

export interface PrismaIndexField {
  /** Field name (not column name). */
  name: string;
  sort: 'Asc' | 'Desc' | null;
}

/** `@@unique`, `@@index`, `@@id` or a field-level `@unique` / `@id`. */
export interface PrismaIndex {
  fields: PrismaIndexField[];
  /** `name:` (client name) */
  name: string | null;
  /** `map:` (database name) */
  map: string | null;
}

export interface PrismaModel {
  name: string;
  /** `@@map("...")`, else the model name: the table. */
  dbName: string;
  /** Scalar and enum fields only (the columns), in declaration order. */
  fields: PrismaField[];
  relations: PrismaRelationField[];
  /** From `@id` or `@@id([...])`; null when the model declares neither. */
  primaryKey: PrismaIndex | null;
  /** Field-level `@unique` and block-level `@@unique([...])`. */
  uniques: PrismaIndex[];
  indexes: PrismaIndex[];
  attributes: PrismaAttribute[];
  documentation: string | null;
}

export interface PrismaEnum {
  name: string;
  /** `@@map("...")`, else the enum name: the PostgreSQL type. */
  dbName: string;
  /** Prisma value names, in declaration order. */
  values: string[];
  /** The values as stored (a value's `@map("...")`, else its name), in declaration order. */
  dbValues: string[];
}

export interface PrismaSchema {
  models: PrismaModel[];
  enums: PrismaEnum[];
}

export class PrismaSchemaParseError extends Error {
  override name = 'PrismaSchemaParseError';
}
