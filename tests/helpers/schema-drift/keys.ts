// Keys: primary keys, unique constraints and indexes of a model, and the foreign keys of its relations.
import { type PrismaField, type PrismaIndex, type PrismaModel, type PrismaSchema } from '../prisma-schema/model';
import { type ForeignKeyRow, IGNORED_TABLES, type IndexRow, REFERENTIAL_ACTIONS } from './catalog';

export function fieldLabel(model: PrismaModel, field: PrismaField): string {
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

export function compareKeys(model: PrismaModel, indexes: IndexRow[], problems: string[]): void {
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

export function compareForeignKeys(
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
