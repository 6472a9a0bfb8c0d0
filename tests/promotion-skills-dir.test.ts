// Promotion against a real database and a real worker: author proposals that try to leave SKILLS_DIR (escaping
// taxonomy paths, bad names, a planted symlink).
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { promoteSkill } from '../resolvers/skills/promote-skill';
import {
  alice,
  db,
  events,
  proposing,
  runToEnd,
  sandbox,
  services,
  skillFile,
  skillsDir,
  usePromotionSetup,
} from './helpers/promotion-setup';
import { listFiles } from './helpers/files';

usePromotionSetup();

describe('author proposals that try to leave SKILLS_DIR', () => {
  it.each([
    ['a relative escape', 'a skill for rotating TLS certificates', '../../etc/evil'],
    ['an absolute path', 'a skill for writing runbooks for on-call engineers', 'ABSOLUTE'],
    ['a NUL byte', 'a skill for profiling slow Node.js services', 'development/evil\0/x'],
  ])(
    '%s: the taxonomy path becomes general/<name>, the job completes, nothing is written outside',
    async (_name, task, proposed) => {
      const taxonomyPath = proposed === 'ABSOLUTE' ? path.join(sandbox, 'abs', 'path') : proposed;
      const done = await runToEnd(task, proposing({ taxonomyPath }));
      expect(done.status).toBe('COMPLETED');
      expect(done.taxonomyPath).toBe(`general/${done.skillName}`);
      expect(done.draftPath).toBe(`_drafts/${done.jobId}/general/${done.skillName}`);
      const skill = await db.prisma.skill.findUniqueOrThrow({ where: { name: done.skillName! } });
      expect(skill.taxonomyPath).toBe(`general/${done.skillName}`);
      expect(fs.readFileSync(skillFile(skill.taxonomyPath), 'utf8')).toBe(skill.content);

      const refined = (await events(done.jobId)).find(
        (e) => e.eventType === 'PHASE_COMPLETED' && e.phase === 'TASK_REFINEMENT',
      );
      expect(refined?.message).toContain('unsafe');
      expect(refined?.message).toContain(`general/${done.skillName}`);
      // Everything in the sandbox is under SKILLS_DIR.
      const relativeSkillsDir = path.relative(sandbox, skillsDir);
      for (const file of listFiles(sandbox))
        expect(file.startsWith(`${relativeSkillsDir}${path.sep}`), file).toBe(true);
      expect(fs.existsSync(path.join(sandbox, 'a', 'etc'))).toBe(false);
      expect(fs.existsSync(path.join(sandbox, 'abs'))).toBe(false);
    },
  );

  it('a skill name that is not kebab-case fails the job with a readable error; the worker goes on', async () => {
    const bad = await runToEnd('a skill for naming things badly', proposing({ skillName: '../../Evil Name' }));
    expect(bad.status).toBe('FAILED');
    expect(bad.currentPhase).toBe('TASK_REFINEMENT');
    expect(bad.error).toMatch(
      /^TASK_REFINEMENT failed after 1 attempt: the proposed skill name "..\/..\/Evil Name" is not kebab-case/,
    );
    expect(bad.skillName).toBeNull();

    const next = await runToEnd('a skill for writing clear commit messages');
    expect(next.status).toBe('COMPLETED');
  });

  it('a SKILLS_DIR folder planted as a symlink to the outside: the skill is promoted, the file is not written outside', async () => {
    const outside = path.join(sandbox, 'outside');
    fs.mkdirSync(outside);
    fs.mkdirSync(skillsDir, { recursive: true });
    fs.symlinkSync(outside, path.join(skillsDir, 'planted'));
    const done = await runToEnd(
      'a skill for reviewing Terraform plans',
      proposing({ taxonomyPath: 'planted/terraform' }),
    );
    expect(done.status).toBe('COMPLETED');
    expect(done.taxonomyPath).toBe('planted/terraform');
    expect((await db.prisma.skill.findUniqueOrThrow({ where: { name: done.skillName! } })).status).toBe('ACTIVE');
    expect(fs.readdirSync(outside)).toEqual([]);

    // By hand too: the job is promoted again (overwrite), the write is refused again, the job stays COMPLETED.
    const { job } = await promoteSkill(services, alice, { jobId: done.jobId, overwrite: true });
    expect(job.status).toBe('COMPLETED');
    expect(fs.readdirSync(outside)).toEqual([]);
  });
});
