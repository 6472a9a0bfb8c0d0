// Column types: the one Prisma gives a field (what `prisma migrate` would create) and the one the database has, both
// in format_type spelling so that they compare as strings.
import { type PrismaField, type PrismaSchema } from '../prisma-schema/model';
import { type ColumnRow } from './catalog';

/** `timestamp with time zone` is precision 6; spell it out so that TIMESTAMPTZ and TIMESTAMPTZ(6) compare equal. */
function normalizeFormattedType(formatted: string): string {
  return formatted.replace(/^(timestamp|time)( with(?:out)? time zone)$/, '$1(6)$2');
}

function qualifiedTypeName(schema: string, name: string): string {
  return schema === 'public' ? name : `${schema}.${name}`;
}

/** The column's type in the form expectedType produces: format_type, with enums as `enum <name>`. */
export function actualType(row: ColumnRow): string {
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
