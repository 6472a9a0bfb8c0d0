// Paths built from user or author input (taxonomy paths, skill names) must stay inside their root: no "..", no
// absolute paths, no NUL, no symlink that leads out. Everything that touches the file system goes through here.
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { ValidationError } from '../errors';

const SEGMENT = /^[a-z0-9][a-z0-9-]{0,63}$/;
const MAX_SEGMENTS = 8;

/** Checks a taxonomy path like "development/databases/postgres-migrations" and returns it normalised. */
export function sanitizeTaxonomyPath(input: string, field = 'taxonomyPath'): string {
  if (input.includes('\0')) throw new ValidationError('path must not contain NUL', field);
  if (input.startsWith('/') || /^[a-zA-Z]:/.test(input) || input.startsWith('\\')) throw new ValidationError('path must be relative', field);
  const segments = input.split('/').filter((s) => s.length > 0);
  if (segments.length === 0 || segments.length > MAX_SEGMENTS) throw new ValidationError(`path must have 1..${MAX_SEGMENTS} segments`, field);
  for (const segment of segments) {
    if (segment === '.' || segment === '..') throw new ValidationError('path must not contain "." or ".." segments', field);
    if (!SEGMENT.test(segment)) throw new ValidationError(`path segment "${segment.slice(0, 70)}" must be lowercase kebab-case`, field);
  }
  return segments.join('/');
}

export function draftPathFor(jobId: string, taxonomyPath: string): string {
  return `_drafts/${jobId}/${sanitizeTaxonomyPath(taxonomyPath)}`;
}

/** Resolves `relative` under `root` and proves the result (and every existing parent, symlinks followed) is inside. */
export function resolveInside(root: string, relative: string): string {
  const realRoot = fs.realpathSync(root);
  const target = path.resolve(realRoot, relative);
  if (target !== realRoot && !target.startsWith(realRoot + path.sep)) throw new ValidationError('path escapes its root', 'path');
  // Follow the deepest existing ancestor: a symlink planted inside the root must not lead outside it.
  let existing = target;
  while (!fs.existsSync(existing)) existing = path.dirname(existing);
  const realExisting = fs.realpathSync(existing);
  if (realExisting !== realRoot && !realExisting.startsWith(realRoot + path.sep)) throw new ValidationError('path escapes its root through a symlink', 'path');
  return target;
}

/** Writes <root>/<taxonomyPath>/SKILL.md atomically: a temp file in the same folder, then rename. */
export function writeSkillFile(root: string, taxonomyPath: string, content: string): string {
  fs.mkdirSync(root, { recursive: true });
  const folder = resolveInside(root, sanitizeTaxonomyPath(taxonomyPath));
  fs.mkdirSync(folder, { recursive: true });
  // Re-check after creating folders: a racing symlink swap must not redirect the write.
  const target = resolveInside(root, path.join(sanitizeTaxonomyPath(taxonomyPath), 'SKILL.md'));
  const temp = `${target}.${randomBytes(6).toString('hex')}.tmp`;
  fs.writeFileSync(temp, content, { flag: 'wx', mode: 0o644 });
  try {
    fs.renameSync(temp, target);
  } catch (error) {
    fs.rmSync(temp, { force: true });
    throw error;
  }
  return target;
}
