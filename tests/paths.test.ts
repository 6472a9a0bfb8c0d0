// Path safety of everything that turns user or author input into a file path: taxonomy paths, resolving under a
// root (symlinks included) and the atomic SKILL.md write. Real files in a temp folder; no database.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { ValidationError } from '../resolvers/errors';
import { draftPathFor, resolveInside, sanitizeTaxonomyPath, writeSkillFile } from '../resolvers/skills/paths';
import { nextVersion } from '../resolvers/skills/promote';
import { sanitizeRefinement, sanitizeSkillName } from '../resolvers/skills/refinement';
import { listFiles } from './helpers/files';

let sandbox: string;
let root: string;
let outside: string;

beforeEach(() => {
  sandbox = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'skills-paths-')));
  root = path.join(sandbox, 'root');
  outside = path.join(sandbox, 'outside');
  fs.mkdirSync(root);
  fs.mkdirSync(outside);
});

afterEach(() => {
  vi.restoreAllMocks();
  fs.rmSync(sandbox, { recursive: true, force: true });
});

function rejection(fn: () => unknown): ValidationError {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(ValidationError);
    return error as ValidationError;
  }
  throw new Error('expected a ValidationError');
}

describe('sanitizeTaxonomyPath', () => {
  const rejected: Array<[string, string]> = [
    ['a ".." segment', 'development/../etc'],
    ['only ".."', '..'],
    ['a leading ".."', '../../etc/evil'],
    ['a "." segment', 'development/./databases'],
    ['only "."', '.'],
    ['an absolute path', '/etc'],
    ['an absolute path with segments', '/etc/passwd'],
    ['a Windows drive path', 'C:\\x'],
    ['a Windows drive path with a slash', 'c:/windows'],
    ['a UNC path', '\\\\server\\share'],
    ['a backslash traversal', 'a\\..\\..\\b'],
    ['a NUL byte', 'development/data\0bases'],
    ['a trailing NUL byte', 'development\0'],
    ['uppercase', 'Development/Databases'],
    ['empty', ''],
    ['only slashes', '///'],
    ['9 segments', 'a/b/c/d/e/f/g/h/i'],
    ['a space in a segment', 'development/data bases'],
    ['a leading space', ' development'],
    ['a newline', 'development\n'],
    ['unicode', 'développement/bases'],
    ['a unicode look-alike of "/"', 'development\u2215etc'],
    ['percent-encoded dots', '%2e%2e/etc'],
    ['percent-encoded dots inside', 'development/%2e%2e/etc'],
    ['an underscore (reserved for _drafts)', '_drafts/x'],
    ['a segment starting with "-"', 'development/-rf'],
    ['a segment of 65 characters', `development/${'a'.repeat(65)}`],
    ['a tilde', '~/skills'],
  ];

  it.each(rejected)('rejects %s', (_name, input) => {
    const error = rejection(() => sanitizeTaxonomyPath(input));
    expect(error.field).toBe('taxonomyPath');
  });

  it('names the field it was given', () => {
    expect(rejection(() => sanitizeTaxonomyPath('../x', 'input.path')).field).toBe('input.path');
  });

  it.each([
    ['development/databases/postgres-migrations', 'development/databases/postgres-migrations'],
    ['single', 'single'],
    ['development//databases///postgres', 'development/databases/postgres'],
    ['development/databases/', 'development/databases'],
    ['a/b/c/d/e/f/g/h', 'a/b/c/d/e/f/g/h'],
    ['k8s/2fa-setup', 'k8s/2fa-setup'],
    [`development/${'a'.repeat(64)}`, `development/${'a'.repeat(64)}`],
  ])('accepts %j as %j', (input, expected) => {
    expect(sanitizeTaxonomyPath(input)).toBe(expected);
  });

  it('draftPathFor puts the draft under _drafts/<job>/ and sanitizes the path', () => {
    const jobId = '3f2b8c1e-9a4d-4c7e-8f00-0123456789ab';
    expect(draftPathFor(jobId, 'development//databases/pg')).toBe(`_drafts/${jobId}/development/databases/pg`);
    expect(() => draftPathFor(jobId, '../../etc/evil')).toThrow(ValidationError);
    expect(() => draftPathFor(jobId, '/abs/path')).toThrow(ValidationError);
  });
});

describe('sanitizeRefinement (what TASK_REFINEMENT stores)', () => {
  const proposal = {
    refinedTask: 'Teach agents to write reversible migrations.',
    skillName: 'postgres-migrations',
    description: 'Writes reversible migrations. Use when changing tables.',
    taxonomyPath: 'development/databases/postgres-migrations',
  };

  it('keeps a safe proposal as it is', () => {
    expect(sanitizeRefinement(proposal)).toEqual({ refinement: proposal });
  });

  it('lowercases and trims a taxonomy path, and normalizes duplicate slashes', () => {
    expect(sanitizeRefinement({ ...proposal, taxonomyPath: '  Development//Databases ' }).refinement.taxonomyPath).toBe(
      'development/databases',
    );
  });

  it.each([
    '../../etc/evil',
    '/abs/path',
    'C:\\x',
    '\\\\server\\share',
    'a/\0/b',
    'a/b c',
    'a/b/c/d/e/f/g/h/i',
    '',
    '%2e%2e',
  ])('replaces the unsafe taxonomy path %j with general/<name> and reports it', (taxonomyPath) => {
    const { refinement, rejectedTaxonomyPath } = sanitizeRefinement({ ...proposal, taxonomyPath });
    expect(refinement.taxonomyPath).toBe('general/postgres-migrations');
    expect(refinement.skillName).toBe('postgres-migrations');
    expect(rejectedTaxonomyPath).toBe(taxonomyPath.replace(/\0/g, '\\0'));
  });

  it.each([
    'Postgres Migrations',
    '../evil',
    'a'.repeat(65),
    '',
    '-leading',
    'trailing-',
    'double--dash',
    'ünïcode',
    'a/b',
  ])('refuses the skill name %j', (skillName) => {
    expect(rejection(() => sanitizeRefinement({ ...proposal, skillName })).field).toBe('skillName');
  });

  it('accepts a name of exactly 64 characters', () => {
    expect(sanitizeSkillName('a'.repeat(64))).toBe('a'.repeat(64));
  });
});

describe('nextVersion', () => {
  it.each([
    ['1.0.0', '1.1.0'],
    ['1.1.0', '1.2.0'],
    ['1.9.0', '1.10.0'],
    ['2.3.7', '2.4.0'],
  ])('%s -> %s', (from, to) => {
    expect(nextVersion(from)).toBe(to);
  });
});

describe('resolveInside', () => {
  it('resolves a relative path under the real root', () => {
    expect(resolveInside(root, 'a/b')).toBe(path.join(root, 'a', 'b'));
    expect(resolveInside(root, '.')).toBe(root);
  });

  it.each([
    ['..', '..'],
    ['../outside', '../outside'],
    ['a/../../outside', 'a/../../outside'],
    ['an absolute path outside', '/etc'],
    ['a NUL byte', 'a\0b'],
  ])('refuses %s', (_name, relative) => {
    rejection(() => resolveInside(root, relative));
  });

  it('refuses an absolute path to the sibling folder whose name starts like the root', () => {
    fs.mkdirSync(`${root}-evil`);
    rejection(() => resolveInside(root, `${root}-evil/x`));
  });

  it('refuses a path through a symlink inside the root that points outside', () => {
    fs.symlinkSync(outside, path.join(root, 'link'));
    expect(rejection(() => resolveInside(root, 'link/skill')).message).toMatch(/symlink/);
    expect(rejection(() => resolveInside(root, 'link')).message).toMatch(/symlink/);
  });

  it('refuses a path through a dangling symlink that points outside', () => {
    fs.symlinkSync(path.join(outside, 'not-yet'), path.join(root, 'dangling'));
    expect(rejection(() => resolveInside(root, 'dangling/skill')).message).toMatch(/symlink/);
  });

  it('refuses a path through a symlink loop', () => {
    fs.symlinkSync(path.join(root, 'loop'), path.join(root, 'loop'));
    rejection(() => resolveInside(root, 'loop/skill'));
  });

  it('allows a symlink that stays inside the root', () => {
    fs.mkdirSync(path.join(root, 'real'));
    fs.symlinkSync(path.join(root, 'real'), path.join(root, 'alias'));
    expect(resolveInside(root, 'alias/skill')).toBe(path.join(root, 'alias', 'skill'));
  });

  it('works when the root itself is reached through a symlink', () => {
    const viaLink = path.join(sandbox, 'root-link');
    fs.symlinkSync(root, viaLink);
    expect(resolveInside(viaLink, 'a')).toBe(path.join(root, 'a'));
  });
});

describe('writeSkillFile', () => {
  it('writes <root>/<path>/SKILL.md, creating folders, and returns its path', () => {
    const target = writeSkillFile(root, 'development/databases/pg', '# one\n');
    expect(target).toBe(path.join(root, 'development', 'databases', 'pg', 'SKILL.md'));
    expect(fs.readFileSync(target, 'utf8')).toBe('# one\n');
    expect(listFiles(root)).toEqual(['development/databases/pg/SKILL.md']);
  });

  it('creates a missing root', () => {
    const fresh = path.join(sandbox, 'new', 'skills');
    writeSkillFile(fresh, 'a', 'x');
    expect(fs.readFileSync(path.join(fresh, 'a', 'SKILL.md'), 'utf8')).toBe('x');
  });

  it('replaces a pre-existing file and leaves no temp file', () => {
    writeSkillFile(root, 'a/b', 'old content');
    const target = writeSkillFile(root, 'a/b', 'new content');
    expect(fs.readFileSync(target, 'utf8')).toBe('new content');
    expect(listFiles(root)).toEqual(['a/b/SKILL.md']);
  });

  it.each(['../../etc/evil', '/abs/path', 'C:\\x', 'a/\0/b', 'A/B'])(
    'refuses the taxonomy path %j and writes nothing',
    (taxonomyPath) => {
      rejection(() => writeSkillFile(root, taxonomyPath, 'evil'));
      expect(listFiles(sandbox)).toEqual([]);
    },
  );

  it('refuses to write through a symlinked folder that points outside; nothing is written outside', () => {
    fs.symlinkSync(outside, path.join(root, 'development'));
    expect(rejection(() => writeSkillFile(root, 'development/databases', 'evil')).message).toMatch(/symlink/);
    expect(rejection(() => writeSkillFile(root, 'development', 'evil')).message).toMatch(/symlink/);
    expect(listFiles(outside)).toEqual([]);
    expect(fs.readdirSync(outside)).toEqual([]);
  });

  it('refuses to write through a dangling symlink; no folder is created outside', () => {
    fs.symlinkSync(path.join(outside, 'later'), path.join(root, 'development'));
    rejection(() => writeSkillFile(root, 'development/databases', 'evil'));
    expect(fs.readdirSync(outside)).toEqual([]);
  });

  it('refuses a SKILL.md that is a symlink to a file outside; the outside file is untouched', () => {
    const secret = path.join(outside, 'secret.txt');
    fs.writeFileSync(secret, 'do not touch');
    fs.mkdirSync(path.join(root, 'a'));
    fs.symlinkSync(secret, path.join(root, 'a', 'SKILL.md'));
    rejection(() => writeSkillFile(root, 'a', 'evil'));
    expect(fs.readFileSync(secret, 'utf8')).toBe('do not touch');
    expect(fs.lstatSync(path.join(root, 'a', 'SKILL.md')).isSymbolicLink()).toBe(true);
    expect(listFiles(root)).toEqual(['a/SKILL.md']);
  });

  it('refuses a SKILL.md that is a dangling symlink to a path outside; nothing is created there', () => {
    const planned = path.join(outside, 'planted.md');
    fs.mkdirSync(path.join(root, 'a'));
    fs.symlinkSync(planned, path.join(root, 'a', 'SKILL.md'));
    rejection(() => writeSkillFile(root, 'a', 'evil'));
    expect(fs.existsSync(planned)).toBe(false);
    expect(fs.readdirSync(outside)).toEqual([]);
  });

  it('replaces a SKILL.md symlink that stays inside the root by a regular file, leaving the link target alone', () => {
    const other = path.join(root, 'other.md');
    fs.writeFileSync(other, 'other skill');
    fs.mkdirSync(path.join(root, 'a'));
    fs.symlinkSync(other, path.join(root, 'a', 'SKILL.md'));
    const target = writeSkillFile(root, 'a', 'new content');
    expect(fs.lstatSync(target).isSymbolicLink()).toBe(false);
    expect(fs.readFileSync(target, 'utf8')).toBe('new content');
    expect(fs.readFileSync(other, 'utf8')).toBe('other skill');
  });

  it('a failed rename leaves the old state and no temp file', () => {
    // SKILL.md is a folder: the temp file is written, the rename over it fails.
    fs.mkdirSync(path.join(root, 'a', 'SKILL.md'), { recursive: true });
    fs.writeFileSync(path.join(root, 'a', 'SKILL.md', 'keep'), 'kept');
    expect(() => writeSkillFile(root, 'a', 'new content')).toThrow();
    expect(listFiles(root)).toEqual(['a/SKILL.md/keep']);
    expect(fs.readFileSync(path.join(root, 'a', 'SKILL.md', 'keep'), 'utf8')).toBe('kept');
  });

  it('a failure while writing the temp file leaves the old content and no temp file', () => {
    const target = writeSkillFile(root, 'a', 'old content');
    const real = fs.writeFileSync;
    // Half the content reaches the disk, then the disk is full.
    vi.spyOn(fs, 'writeFileSync').mockImplementation((file, data, options) => {
      real(file, String(data).slice(0, 3), options);
      throw Object.assign(new Error('ENOSPC: no space left on device'), { code: 'ENOSPC' });
    });
    expect(() => writeSkillFile(root, 'a', 'new content that does not fit')).toThrow(/ENOSPC/);
    vi.restoreAllMocks();
    expect(fs.readFileSync(target, 'utf8')).toBe('old content');
    expect(listFiles(root)).toEqual(['a/SKILL.md']);
  });

  it('the target holds the old or the new content at every step of the write, never a part', () => {
    const target = writeSkillFile(root, 'a', 'old content');
    const seen: string[] = [];
    const observe = () => seen.push(fs.readFileSync(target, 'utf8'));
    const real = { writeFileSync: fs.writeFileSync, fsyncSync: fs.fsyncSync, renameSync: fs.renameSync };
    vi.spyOn(fs, 'writeFileSync').mockImplementation((...args: Parameters<typeof fs.writeFileSync>) => {
      observe();
      real.writeFileSync(...args);
      observe();
    });
    vi.spyOn(fs, 'fsyncSync').mockImplementation((fd) => {
      observe();
      real.fsyncSync(fd);
    });
    vi.spyOn(fs, 'renameSync').mockImplementation((from, to) => {
      observe();
      real.renameSync(from, to);
      observe();
    });
    writeSkillFile(root, 'a', 'new content, much longer than the old one');
    vi.restoreAllMocks();
    expect(seen.length).toBeGreaterThanOrEqual(4);
    expect(seen.slice(0, -1).every((c) => c === 'old content')).toBe(true);
    expect(seen.at(-1)).toBe('new content, much longer than the old one');
    expect(listFiles(root)).toEqual(['a/SKILL.md']);
  });
});
