// A small parser of prisma/schema.prisma: enough of the Prisma schema language for the drift test
// (tests/schema-drift.test.ts) to know which tables, columns, types, keys and enums the schema declares.
// Models, enums, field types and modifiers, field attributes (@map, @db.*, @id, @unique, @default, @updatedAt,
// @relation) and block attributes (@@map, @@id, @@unique, @@index). generator / datasource blocks are skipped.
// Anything it does not understand is an error rather than a silently ignored line.

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

// ---------------------------------------------------------------------------------------------------------------
// Lexical helpers.

/** Index just after the string literal that starts at `start` (which must be a `"`). */
function skipString(text: string, start: number): number {
  let i = start + 1;
  while (i < text.length) {
    const ch = text[i];
    if (ch === '\\') i += 2;
    else if (ch === '"') return i + 1;
    else if (ch === '\n') break;
    else i += 1;
  }
  throw new PrismaSchemaParseError(`unterminated string literal: ${text.slice(start, start + 40)}`);
}

/** Index of the bracket closing the one at `open` (`(`, `[` or `{`), skipping string literals. */
function findClosing(text: string, open: number): number {
  const pairs: Record<string, string> = { '(': ')', '[': ']', '{': '}' };
  const stack: string[] = [];
  let i = open;
  while (i < text.length) {
    const ch = text[i]!;
    if (ch === '"') {
      i = skipString(text, i);
      continue;
    }
    const close = pairs[ch];
    if (close) stack.push(close);
    else if (ch === ')' || ch === ']' || ch === '}') {
      if (stack.pop() !== ch) throw new PrismaSchemaParseError(`unbalanced '${ch}' in: ${text.slice(open, i + 1)}`);
      if (stack.length === 0) return i;
    }
    i += 1;
  }
  throw new PrismaSchemaParseError(`unclosed '${text[open]}' in: ${text.slice(open, open + 60)}`);
}

/** Removes `//` and `///` comments (outside string literals). Returns the code and, per line, any `///` text. */
function stripComments(line: string): { code: string; doc: string | null } {
  let i = 0;
  while (i < line.length) {
    const ch = line[i];
    if (ch === '"') {
      i = skipString(line, i);
      continue;
    }
    if (ch === '/' && line[i + 1] === '/') {
      const comment = line.slice(i);
      return { code: line.slice(0, i), doc: comment.startsWith('///') ? comment.slice(3).trim() : null };
    }
    i += 1;
  }
  return { code: line, doc: null };
}

/** Splits on commas that are not nested in brackets or strings; trims; drops empty trailing items. */
function splitTopLevel(text: string): string[] {
  const parts: string[] = [];
  let start = 0;
  let i = 0;
  while (i < text.length) {
    const ch = text[i]!;
    if (ch === '"') {
      i = skipString(text, i);
      continue;
    }
    if (ch === '(' || ch === '[' || ch === '{') {
      i = findClosing(text, i) + 1;
      continue;
    }
    if (ch === ',') {
      parts.push(text.slice(start, i).trim());
      start = i + 1;
    }
    i += 1;
  }
  parts.push(text.slice(start).trim());
  return parts.filter((part) => part !== '');
}

function unquote(value: string): string {
  const trimmed = value.trim();
  if (!trimmed.startsWith('"') || !trimmed.endsWith('"') || trimmed.length < 2) {
    throw new PrismaSchemaParseError(`expected a string literal, got: ${value}`);
  }
  return JSON.parse(trimmed) as string;
}

interface ParsedArgs {
  positional: string[];
  named: Map<string, string>;
}

function parseArgs(args: string | null): ParsedArgs {
  const result: ParsedArgs = { positional: [], named: new Map() };
  if (args === null) return result;
  for (const part of splitTopLevel(args)) {
    const named = /^([A-Za-z_]\w*)\s*:\s*([\s\S]*)$/.exec(part);
    if (named) result.named.set(named[1]!, named[2]!.trim());
    else result.positional.push(part);
  }
  return result;
}

/** `[a, b(sort: Desc)]` -> names with sort orders. */
function parseFieldList(value: string): PrismaIndexField[] {
  const trimmed = value.trim();
  if (!trimmed.startsWith('[') || !trimmed.endsWith(']'))
    throw new PrismaSchemaParseError(`expected a field list, got: ${value}`);
  return splitTopLevel(trimmed.slice(1, -1)).map((item) => {
    const match = /^([A-Za-z_]\w*)\s*(?:\(([\s\S]*)\))?$/.exec(item);
    if (!match) throw new PrismaSchemaParseError(`bad field reference in list: ${item}`);
    const sort = match[2] === undefined ? undefined : parseArgs(match[2]).named.get('sort');
    if (sort !== undefined && sort !== 'Asc' && sort !== 'Desc')
      throw new PrismaSchemaParseError(`bad sort order: ${item}`);
    return { name: match[1]!, sort: sort ?? null };
  });
}

/** Parses a run of attributes (`@map("x") @db.VarChar(64)` or `@@index([a])`). */
function parseAttributes(text: string, prefix: '@' | '@@', context: string): PrismaAttribute[] {
  const attributes: PrismaAttribute[] = [];
  let i = 0;
  while (i < text.length) {
    if (/\s/.test(text[i]!)) {
      i += 1;
      continue;
    }
    const rest = text.slice(i);
    const match = prefix === '@' ? /^@(?!@)([A-Za-z_][\w.]*)/.exec(rest) : /^@@([A-Za-z_][\w.]*)/.exec(rest);
    if (!match) throw new PrismaSchemaParseError(`${context}: cannot parse attributes at: ${rest}`);
    i += match[0].length;
    let args: string | null = null;
    if (text[i] === '(') {
      const close = findClosing(text, i);
      args = text.slice(i + 1, close);
      i = close + 1;
    }
    attributes.push({ name: match[1]!, args });
  }
  return attributes;
}

function indexFromArgs(args: string | null, context: string): PrismaIndex {
  const parsed = parseArgs(args);
  const fieldsArg = parsed.named.get('fields') ?? parsed.positional[0];
  if (fieldsArg === undefined) throw new PrismaSchemaParseError(`${context}: no field list`);
  const name = parsed.named.get('name');
  const map = parsed.named.get('map');
  return {
    fields: parseFieldList(fieldsArg),
    name: name === undefined ? null : unquote(name),
    map: map === undefined ? null : unquote(map),
  };
}

function nameFromMap(attributes: PrismaAttribute[], fallback: string, context: string): string {
  const map = attributes.find((a) => a.name === 'map');
  if (!map) return fallback;
  const parsed = parseArgs(map.args);
  const value = parsed.named.get('name') ?? parsed.positional[0];
  if (value === undefined) throw new PrismaSchemaParseError(`${context}: @map without a name`);
  return unquote(value);
}

// ---------------------------------------------------------------------------------------------------------------
// Blocks.

interface RawBlock {
  kind: string;
  name: string;
  lines: Array<{ code: string; doc: string | null }>;
  documentation: string | null;
}

const BLOCK_KINDS = ['model', 'enum', 'view', 'type', 'generator', 'datasource'];

function splitBlocks(text: string): RawBlock[] {
  const lines = text.replace(/\r\n?/g, '\n').split('\n').map(stripComments);
  const blocks: RawBlock[] = [];
  let docs: string[] = [];
  let i = 0;
  while (i < lines.length) {
    const { code, doc } = lines[i]!;
    const trimmed = code.trim();
    if (trimmed === '') {
      if (doc !== null) docs.push(doc);
      i += 1;
      continue;
    }
    const header = /^([A-Za-z]+)\s+([A-Za-z_]\w*)\s*\{(.*)$/.exec(trimmed);
    if (!header || !BLOCK_KINDS.includes(header[1]!)) {
      throw new PrismaSchemaParseError(
        `line ${i + 1}: expected a model, enum, generator or datasource block, got: ${trimmed}`,
      );
    }
    const block: RawBlock = {
      kind: header[1]!,
      name: header[2]!,
      lines: [],
      documentation: docs.length ? docs.join('\n') : null,
    };
    docs = [];
    // `model X {}` or `model X { }` on one line.
    const sameLine = header[3]!.trim();
    if (sameLine !== '') {
      if (sameLine !== '}')
        throw new PrismaSchemaParseError(`line ${i + 1}: put block contents on their own lines: ${trimmed}`);
      blocks.push(block);
      i += 1;
      continue;
    }
    i += 1;
    let closed = false;
    while (i < lines.length) {
      const line = lines[i]!;
      i += 1;
      if (line.code.trim() === '}') {
        closed = true;
        break;
      }
      block.lines.push(line);
    }
    if (!closed) throw new PrismaSchemaParseError(`${block.kind} ${block.name}: missing closing '}'`);
    blocks.push(block);
  }
  return blocks;
}

interface RawField {
  name: string;
  /** Base type, e.g. `String`, `Job`, `Unsupported("x")`. */
  type: string;
  isList: boolean;
  isOptional: boolean;
  attributes: PrismaAttribute[];
  documentation: string | null;
}

function parseFieldLine(code: string, context: string): RawField {
  const head = /^([A-Za-z_]\w*)\s+([A-Za-z_]\w*)/.exec(code);
  if (!head) throw new PrismaSchemaParseError(`${context}: cannot parse field: ${code}`);
  let i = head[0].length;
  let type = head[2]!;
  if (code[i] === '(') {
    const close = findClosing(code, i);
    type += code.slice(i, close + 1);
    i = close + 1;
  }
  let isList = false;
  let isOptional = false;
  if (code.startsWith('[]', i)) {
    isList = true;
    i += 2;
  }
  if (code[i] === '?') {
    isOptional = true;
    i += 1;
  }
  if (isList && isOptional) throw new PrismaSchemaParseError(`${context}: optional lists are not supported: ${code}`);
  const rest = code.slice(i);
  if (rest !== '' && !/^\s/.test(rest))
    throw new PrismaSchemaParseError(`${context}: cannot parse field type: ${code}`);
  return {
    name: head[1]!,
    type,
    isList,
    isOptional,
    attributes: parseAttributes(rest, '@', `${context}.${head[1]}`),
    documentation: null,
  };
}

function parseNativeType(attribute: PrismaAttribute): PrismaNativeType {
  return {
    name: attribute.name.slice('db.'.length),
    args: attribute.args === null ? [] : splitTopLevel(attribute.args),
  };
}

// ---------------------------------------------------------------------------------------------------------------

export function parsePrismaSchema(text: string): PrismaSchema {
  const blocks = splitBlocks(text);
  const modelNames = new Set(blocks.filter((b) => b.kind === 'model').map((b) => b.name));
  const enumNames = new Set(blocks.filter((b) => b.kind === 'enum').map((b) => b.name));
  const seen = new Set<string>();
  for (const block of blocks) {
    if (block.kind !== 'model' && block.kind !== 'enum' && block.kind !== 'view' && block.kind !== 'type') continue;
    if (seen.has(block.name)) throw new PrismaSchemaParseError(`${block.name} is declared twice`);
    seen.add(block.name);
  }

  const enums: PrismaEnum[] = [];
  const models: PrismaModel[] = [];

  for (const block of blocks) {
    if (block.kind === 'enum') {
      const values: string[] = [];
      const dbValues: string[] = [];
      let blockAttributes: PrismaAttribute[] = [];
      for (const { code } of block.lines) {
        const trimmed = code.trim();
        if (trimmed === '') continue;
        if (trimmed.startsWith('@@')) {
          blockAttributes = blockAttributes.concat(parseAttributes(trimmed, '@@', `enum ${block.name}`));
          continue;
        }
        const match = /^([A-Za-z_]\w*)(.*)$/.exec(trimmed);
        if (!match) throw new PrismaSchemaParseError(`enum ${block.name}: cannot parse value: ${trimmed}`);
        const attributes = parseAttributes(match[2]!, '@', `enum ${block.name}.${match[1]}`);
        values.push(match[1]!);
        dbValues.push(nameFromMap(attributes, match[1]!, `enum ${block.name}.${match[1]}`));
      }
      enums.push({
        name: block.name,
        dbName: nameFromMap(blockAttributes, block.name, `enum ${block.name}`),
        values,
        dbValues,
      });
      continue;
    }
    if (block.kind === 'view' || block.kind === 'type') {
      throw new PrismaSchemaParseError(
        `${block.kind} ${block.name}: ${block.kind} blocks are not supported by this parser`,
      );
    }
    if (block.kind !== 'model') continue; // generator, datasource

    const context = `model ${block.name}`;
    const fields: PrismaField[] = [];
    const relations: PrismaRelationField[] = [];
    const attributes: PrismaAttribute[] = [];
    let docs: string[] = [];
    for (const { code, doc } of block.lines) {
      const trimmed = code.trim();
      if (trimmed === '') {
        if (doc !== null) docs.push(doc);
        continue;
      }
      if (trimmed.startsWith('@@')) {
        attributes.push(...parseAttributes(trimmed, '@@', context));
        docs = [];
        continue;
      }
      const raw = parseFieldLine(trimmed, context);
      const documentation = docs.length ? docs.join('\n') : null;
      docs = [];
      const fieldContext = `${block.name}.${raw.name}`;
      if (fields.some((f) => f.name === raw.name) || relations.some((r) => r.name === raw.name)) {
        throw new PrismaSchemaParseError(`${fieldContext} is declared twice`);
      }

      if (modelNames.has(raw.type)) {
        const relation = raw.attributes.find((a) => a.name === 'relation');
        const parsed = parseArgs(relation?.args ?? null);
        const nameArg = parsed.named.get('name') ?? parsed.positional[0];
        const fieldsArg = parsed.named.get('fields');
        const referencesArg = parsed.named.get('references');
        relations.push({
          name: raw.name,
          type: raw.type,
          isList: raw.isList,
          isOptional: raw.isOptional,
          relationName: nameArg === undefined ? null : unquote(nameArg),
          fields: fieldsArg === undefined ? [] : parseFieldList(fieldsArg).map((f) => f.name),
          references: referencesArg === undefined ? [] : parseFieldList(referencesArg).map((f) => f.name),
          onDelete: parsed.named.get('onDelete') ?? null,
          onUpdate: parsed.named.get('onUpdate') ?? null,
          attributes: raw.attributes,
        });
        continue;
      }

      const isEnum = enumNames.has(raw.type);
      const unsupported = /^Unsupported\(([\s\S]*)\)$/.exec(raw.type);
      const baseName = raw.type;
      if (!isEnum && !unsupported && !(SCALAR_TYPES as readonly string[]).includes(baseName)) {
        throw new PrismaSchemaParseError(`${fieldContext}: unknown type ${raw.type}`);
      }
      const native = raw.attributes.filter((a) => a.name.startsWith('db.'));
      if (native.length > 1) throw new PrismaSchemaParseError(`${fieldContext}: more than one @db attribute`);
      const defaultAttribute = raw.attributes.find((a) => a.name === 'default');
      fields.push({
        name: raw.name,
        columnName: nameFromMap(raw.attributes, raw.name, fieldContext),
        type: raw.type,
        isList: raw.isList,
        isOptional: raw.isOptional,
        isEnum,
        unsupportedType: unsupported ? unquote(unsupported[1]!) : null,
        nativeType: native[0] ? parseNativeType(native[0]) : null,
        isId: raw.attributes.some((a) => a.name === 'id'),
        isUnique: raw.attributes.some((a) => a.name === 'unique'),
        isUpdatedAt: raw.attributes.some((a) => a.name === 'updatedAt'),
        default: defaultAttribute ? (defaultAttribute.args ?? '') : null,
        attributes: raw.attributes,
        documentation,
      });
    }

    const idFields = fields.filter((f) => f.isId);
    const blockIds = attributes.filter((a) => a.name === 'id');
    if (idFields.length + blockIds.length > 1)
      throw new PrismaSchemaParseError(`${context}: more than one primary key`);
    let primaryKey: PrismaIndex | null = null;
    if (idFields[0]) {
      const id = idFields[0].attributes.find((a) => a.name === 'id')!;
      const map = parseArgs(id.args).named.get('map');
      primaryKey = {
        fields: [{ name: idFields[0].name, sort: null }],
        name: null,
        map: map === undefined ? null : unquote(map),
      };
    } else if (blockIds[0]) {
      primaryKey = indexFromArgs(blockIds[0].args, `${context} @@id`);
    }
    const uniques: PrismaIndex[] = [];
    for (const field of fields.filter((f) => f.isUnique)) {
      const unique = field.attributes.find((a) => a.name === 'unique')!;
      const map = parseArgs(unique.args).named.get('map');
      uniques.push({
        fields: [{ name: field.name, sort: null }],
        name: null,
        map: map === undefined ? null : unquote(map),
      });
    }
    for (const attribute of attributes.filter((a) => a.name === 'unique'))
      uniques.push(indexFromArgs(attribute.args, `${context} @@unique`));
    const indexes = attributes
      .filter((a) => a.name === 'index')
      .map((a) => indexFromArgs(a.args, `${context} @@index`));
    const known = new Set(['map', 'id', 'unique', 'index', 'ignore', 'schema', 'fulltext']);
    for (const attribute of attributes) {
      if (!known.has(attribute.name))
        throw new PrismaSchemaParseError(`${context}: unknown block attribute @@${attribute.name}`);
    }

    // Every field named by a key or relation must be a scalar field of this model.
    const fieldNames = new Set(fields.map((f) => f.name));
    const referenced = [
      ...(primaryKey?.fields ?? []),
      ...uniques.flatMap((u) => u.fields),
      ...indexes.flatMap((x) => x.fields),
    ].map((f) => f.name);
    referenced.push(...relations.flatMap((r) => r.fields));
    for (const name of referenced) {
      if (!fieldNames.has(name))
        throw new PrismaSchemaParseError(`${context}: ${name} is not a scalar field of the model`);
    }

    models.push({
      name: block.name,
      dbName: nameFromMap(attributes, block.name, context),
      fields,
      relations,
      primaryKey,
      uniques,
      indexes,
      attributes,
      documentation: block.documentation,
    });
  }

  return { models, enums };
}
