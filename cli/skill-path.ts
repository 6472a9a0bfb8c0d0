// Where `skill --out DIR` writes a skill: DIR/<taxonomy path>/SKILL.md, refusing a path that would leave DIR.
import path from 'node:path';

/** The file to write, or null when the taxonomy path is absolute or climbs out of `dir`. */
export function skillFilePath(dir: string, taxonomyPath: string): string | null {
  if (!taxonomyPath || path.isAbsolute(taxonomyPath) || taxonomyPath.includes('\\') || taxonomyPath.includes('\0'))
    return null;
  const root = path.resolve(dir);
  const target = path.resolve(root, taxonomyPath, 'SKILL.md');
  const relative = path.relative(root, target);
  if (relative.startsWith('..') || path.isAbsolute(relative) || relative === 'SKILL.md') return null;
  return target;
}
