// The pieces of the Prisma schema language the parser (parse.ts) is built from: string literals, brackets, comments,
// argument lists, attributes, blocks and field lines. Anything not understood throws PrismaSchemaParseError.
import {
  type PrismaAttribute,
  type PrismaIndex,
  type PrismaIndexField,
  type PrismaNativeType,
  PrismaSchemaParseError,
} from './model';

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

export function unquote(value: string): string {
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

export function parseArgs(args: string | null): ParsedArgs {
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
export function parseFieldList(value: string): PrismaIndexField[] {
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
export function parseAttributes(text: string, prefix: '@' | '@@', context: string): PrismaAttribute[] {
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

export function indexFromArgs(args: string | null, context: string): PrismaIndex {
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

export function nameFromMap(attributes: PrismaAttribute[], fallback: string, context: string): string {
  const map = attributes.find((a) => a.name === 'map');
  if (!map) return fallback;
  const parsed = parseArgs(map.args);
  const value = parsed.named.get('name') ?? parsed.positional[0];
  if (value === undefined) throw new PrismaSchemaParseError(`${context}: @map without a name`);
  return unquote(value);
}

interface RawBlock {
  kind: string;
  name: string;
  lines: Array<{ code: string; doc: string | null }>;
  documentation: string | null;
}

const BLOCK_KINDS = ['model', 'enum', 'view', 'type', 'generator', 'datasource'];

export function splitBlocks(text: string): RawBlock[] {
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

export function parseFieldLine(code: string, context: string): RawField {
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

export function parseNativeType(attribute: PrismaAttribute): PrismaNativeType {
  return {
    name: attribute.name.slice('db.'.length),
    args: attribute.args === null ? [] : splitTopLevel(attribute.args),
  };
}
