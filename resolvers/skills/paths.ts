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
  if (input.startsWith('/') || /^[a-zA-Z]:/.test(input) || input.startsWith('\\'))
    throw new ValidationError('path must be relative', field);
  const segments = input.split('/').filter((s) => s.length > 0);
  if (segments.length === 0 || segments.length > MAX_SEGMENTS)
    throw new ValidationError(`path must have 1..${MAX_SEGMENTS} segments`, field);
  for (const segment of segments) {
    if (segment === '.' || segment === '..')
      throw new ValidationError('path must not contain "." or ".." segments', field);
    if (!SEGMENT.test(segment))
      throw new ValidationError(`path segment "${segment.slice(0, 70)}" must be lowercase kebab-case`, field);
  }
  return segments.join('/');
}

export function draftPathFor(jobId: string, taxonomyPath: string): string {
  return `_drafts/${jobId}/${sanitizeTaxonomyPath(taxonomyPath)}`;
}

/** Resolves `relative` under `root` and proves the result (and every existing parent, symlinks followed) is inside. */
export function resolveInside(root: string, relative: string): string {
  if (relative.includes('\0')) throw new ValidationError('path must not contain NUL', 'path');
  const realRoot = fs.realpathSync(root);
  const target = path.resolve(realRoot, relative);
  if (!isInside(realRoot, target)) throw new ValidationError('path escapes its root', 'path');
  // Follow the deepest existing ancestor: a symlink planted inside the root must not lead outside it. lstat, not
  // exists: a dangling symlink "does not exist" for existsSync, yet mkdir or rename would go through it.
  let existing = target;
  while (!entryExists(existing)) existing = path.dirname(existing);
  let realExisting: string;
  try {
    realExisting = fs.realpathSync(existing);
  } catch {
    // A dangling symlink or a symlink loop: where it leads cannot be proven to be inside.
    throw new ValidationError('path leads through a symlink that cannot be resolved', 'path');
  }
  if (!isInside(realRoot, realExisting)) throw new ValidationError('path escapes its root through a symlink', 'path');
  return target;
}

/** Whether something (a symlink included, dangling or not) is at `p`; a symlink loop on the way is refused. */
function entryExists(p: string): boolean {
  try {
    fs.lstatSync(p);
    return true;
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') return false;
    if (code === 'ELOOP') throw new ValidationError('path leads through a symlink that cannot be resolved', 'path');
    throw error;
  }
}

function isInside(realRoot: string, candidate: string): boolean {
  return candidate === realRoot || candidate.startsWith(realRoot.endsWith(path.sep) ? realRoot : realRoot + path.sep);
}

/**
 * Writes <root>/<taxonomyPath>/SKILL.md atomically: a temp file in the same folder (created exclusively, so it never
 * follows a planted symlink), flushed, then renamed over the target. Readers see the old or the new content, never a
 * mix; on any failure the temp file is removed and the old content stays. A SKILL.md that is a symlink leading
 * outside the root (or dangling) is refused; one leading inside is replaced by a regular file (rename replaces the
 * link itself, never what it points to).
 */
export function writeSkillFile(root: string, taxonomyPath: string, content: string): string {
  const relative = sanitizeTaxonomyPath(taxonomyPath);
  fs.mkdirSync(root, { recursive: true });
  const folder = resolveInside(root, relative);
  fs.mkdirSync(folder, { recursive: true });
  // Re-check after creating folders: a racing symlink swap must not redirect the write.
  const target = resolveInside(root, path.join(relative, 'SKILL.md'));
  const temp = `${target}.${randomBytes(6).toString('hex')}.tmp`;
  // Nothing to clean up when this throws: the temp file was not created (or is not ours, on EEXIST).
  let fd: number | undefined = fs.openSync(temp, 'wx', 0o644);
  try {
    fs.writeFileSync(fd, content);
    fs.fsyncSync(fd);
    fs.closeSync(fd);
    fd = undefined;
    fs.renameSync(temp, target);
  } catch (error) {
    if (fd !== undefined) {
      try {
        fs.closeSync(fd);
      } catch {
        // already failing; the original error is the one to report
      }
    }
    fs.rmSync(temp, { force: true });
    throw error;
  }
  return target;
}
