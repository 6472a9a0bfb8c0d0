// `skills` (published skills, optionally searched) and `skill <name>` (its SKILL.md, printed or written out).
import fs from 'node:fs';
import path from 'node:path';
import { request, type Connection } from '../connection';
import { CliError, EXIT, type ExitCode } from '../exit-codes';
import { SkillQuery, SkillsQuery } from '../operations';
import { printList, type Output } from '../output';
import { skillFilePath } from '../skill-path';
import { renderTable } from '../table';

export async function listSkills(
  connection: Connection,
  out: Output,
  flags: { search?: string; limit: number },
): Promise<ExitCode> {
  const { skills } = await request(connection, SkillsQuery, {
    first: Math.min(flags.limit, 100),
    filter: flags.search ? { search: flags.search } : undefined,
  });
  const items = skills.edges.map((e) => e.node);
  printList(
    out,
    'skills',
    items,
    () =>
      items.length === 0
        ? 'No skills.'
        : renderTable(
            ['NAME', 'VERSION', 'SCORE', 'PATH', 'DESCRIPTION'],
            items.map((s) => [s.name, s.version, s.validationScore?.toFixed(2) ?? '-', s.taxonomyPath, s.description]),
          ),
    { totalCount: skills.totalCount },
  );
  return EXIT.ok;
}

export async function getSkill(
  connection: Connection,
  out: Output,
  name: string,
  flags: { out?: string },
): Promise<ExitCode> {
  const { skill } = await request(connection, SkillQuery, { name });
  if (!skill) throw new CliError(`no skill named "${name}"`, EXIT.usage);
  if (!flags.out) {
    out.json({ skill });
    out.jsonl(skill);
    if (out.format === 'text') out.write(skill.content.endsWith('\n') ? skill.content : `${skill.content}\n`);
    return EXIT.ok;
  }
  const file = skillFilePath(flags.out, skill.taxonomyPath);
  if (!file) throw new CliError(`refusing taxonomy path "${skill.taxonomyPath}": it leaves ${flags.out}`, EXIT.usage);
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, skill.content);
  out.text(`Wrote ${file}`);
  out.json({ skill: { name: skill.name, version: skill.version, taxonomyPath: skill.taxonomyPath }, file });
  out.jsonl({ name: skill.name, version: skill.version, file });
  return EXIT.ok;
}
