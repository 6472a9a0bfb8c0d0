// A small parser of prisma/schema.prisma: enough of the Prisma schema language for the drift test
// (tests/schema-drift.test.ts) to know which tables, columns, types, keys and enums the schema declares.
// Models, enums, field types and modifiers, field attributes (@map, @db.*, @id, @unique, @default, @updatedAt,
// @relation) and block attributes (@@map, @@id, @@unique, @@index). generator / datasource blocks are skipped.
// Anything it does not understand is an error rather than a silently ignored line.
import {
  type PrismaAttribute,
  type PrismaEnum,
  type PrismaField,
  type PrismaIndex,
  type PrismaModel,
  type PrismaRelationField,
  type PrismaSchema,
  PrismaSchemaParseError,
  SCALAR_TYPES,
} from './model';
import {
  indexFromArgs,
  nameFromMap,
  parseArgs,
  parseAttributes,
  parseFieldLine,
  parseFieldList,
  parseNativeType,
  splitBlocks,
  unquote,
} from './syntax';

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
