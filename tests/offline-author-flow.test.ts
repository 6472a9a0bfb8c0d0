// The deterministic offline author: the full phase flow over 20 varied tasks, checked against the real SKILL.md
// validator.
import { beforeAll, describe, expect, it } from 'vitest';
import { CASES, CLEAN, author, bodyOf, headings, problems, runFlow, type Flow } from './helpers/offline-author';

describe('offline author: full flow over 20 tasks', () => {
  let flows: Flow[] = [];

  beforeAll(async () => {
    flows = await Promise.all(CASES.map((c) => runFlow(c)));
  });

  it('covers 20 different tasks', () => {
    expect(flows).toHaveLength(20);
    expect(new Set(CASES.map((c) => c.task)).size).toBe(20);
  });

  it('derives distinct kebab-case names, descriptions and taxonomy paths', () => {
    const names = flows.map((f) => f.refinement.skillName);
    expect(new Set(names).size).toBe(20);
    for (const f of flows) {
      const { skillName, description, taxonomyPath, refinedTask } = f.refinement;
      expect(skillName).toMatch(/^[a-z][a-z0-9]*(-[a-z0-9]+)*$/);
      expect(skillName.length).toBeLessThanOrEqual(64);
      expect(skillName).not.toMatch(/anthropic|claude|openai|gpt/);
      expect(description.length).toBeLessThanOrEqual(1024);
      expect(description).not.toMatch(/[<>\n]/);
      expect(description).toContain('Use when');
      expect(taxonomyPath).toMatch(/^[a-z][a-z0-9]*(-[a-z0-9]+)*(\/[a-z][a-z0-9]*(-[a-z0-9]+)*)+$/);
      expect(taxonomyPath.endsWith(`/${skillName}`)).toBe(true);
      expect(refinedTask.length).toBeGreaterThan(f.task.task.length);
    }
    expect(new Set(flows.map((f) => f.refinement.description)).size).toBe(20);
    expect(new Set(flows.map((f) => f.refinement.taxonomyPath)).size).toBe(20);
  });

  it('names and paths come from the task words and a fitting category', () => {
    const byTask = (prefix: string) => flows.find((f) => f.task.task.startsWith(prefix))!.refinement;
    expect(byTask('a skill that teaches an agent to write safe Postgres').skillName).toBe(
      'writing-safe-postgres-migrations',
    );
    expect(byTask('a skill that teaches an agent to write safe Postgres').taxonomyPath).toBe(
      'development/databases/writing-safe-postgres-migrations',
    );
    expect(byTask('Deploy services to Kubernetes').taxonomyPath).toMatch(/^operations\//);
    expect(byTask('Clean messy tabular data').taxonomyPath).toMatch(/^data\//);
    expect(byTask('Perform a security review').taxonomyPath).toMatch(/^security\//);
    expect(byTask('Write clear README').taxonomyPath).toMatch(/^writing\//);
    expect(byTask('Test React components').taxonomyPath).toMatch(/^testing\//);
    expect(byTask('Audit web pages for accessibility').taxonomyPath).toMatch(/^design\//);
    expect(byTask('Tune slow SQL queries').skillName).toContain('sql');
    expect(byTask('Upgrade npm dependencies').skillName).toContain('dependencies');
  });

  it('every refactored SKILL.md passes the validator with no errors and no warnings', () => {
    for (const f of flows) {
      expect({ task: f.task.task, ...problems(f.refactored.content, f.scenarios.rationalizations) }).toEqual({
        task: f.task.task,
        ...CLEAN,
      });
    }
  });

  it('every first draft already passes the validator with the rationalizations', () => {
    for (const f of flows) {
      expect({ task: f.task.task, ...problems(f.draft, f.scenarios.rationalizations) }).toEqual({
        task: f.task.task,
        ...CLEAN,
      });
    }
  });

  it('produces 20 distinct final contents', () => {
    expect(new Set(flows.map((f) => f.refactored.content)).size).toBe(20);
  });

  it('starts with the refinement as frontmatter and has every section exactly once', () => {
    for (const f of flows) {
      const content = f.refactored.content;
      expect(
        content.startsWith(`---\nname: ${f.refinement.skillName}\ndescription: ${f.refinement.description}\n---\n`),
      ).toBe(true);
      const h = headings(content);
      for (const section of [
        'Overview',
        'When to Use',
        'Quick Reference',
        'Core Patterns',
        'Common Mistakes',
        'Common Rationalizations',
        'Red Flags',
      ]) {
        expect(h.filter((x) => x === section)).toEqual([section]);
      }
      expect(new Set(h).size).toBe(h.length);
      expect(content).toContain('| Situation | Do |');
      expect(content).toContain('| Excuse | Reality |');
      expect(content).toMatch(/```[a-z]+\n[\s\S]+?\n```/);
    }
  });

  it('keeps the body between 60 and 250 lines, under 5000 words, without filler words in prose', () => {
    for (const f of flows) {
      const body = bodyOf(f.refactored.content);
      const lines = body.trimEnd().split('\n').length;
      expect(lines).toBeGreaterThanOrEqual(60);
      expect(lines).toBeLessThanOrEqual(250);
      expect(body.split(/\s+/).filter(Boolean).length).toBeLessThan(5000);
      const prose = body.replace(/```[\s\S]*?```/g, '');
      expect({
        task: f.task.task,
        filler: prose.match(/\b(very|really|basically|actually|just|simply|obviously)\b/gi),
      }).toEqual({
        task: f.task.task,
        filler: null,
      });
    }
  });

  it('quotes the answers: problem, success criteria and constraints appear in the draft', () => {
    for (const f of flows) {
      const content = f.refactored.content;
      expect(content).toContain(f.task.problem.replace(/\.$/, ''));
      const firstGoal = f.task.success.split(/(?<=\.)\s+/)[0]!.replace(/\.$/, '');
      expect(content).toContain(firstGoal);
      const firstConstraint = f.task.constraints.split(/;\s*|(?<=\.)\s+/)[0]!.replace(/\.$/, '');
      expect(content).toContain(firstConstraint);
      expect(content).toMatch(/^- Do not use /m);
    }
  });

  it('writes 3..5 scenarios whose rationalizations are deduplicated, verbatim, plain and task-specific', () => {
    const all: string[] = [];
    for (const f of flows) {
      const { scenarios, rationalizations } = f.scenarios;
      expect(scenarios.length).toBeGreaterThanOrEqual(3);
      expect(scenarios.length).toBeLessThanOrEqual(5);
      expect(new Set(scenarios.map((s) => s.id)).size).toBe(scenarios.length);
      expect(rationalizations).toEqual([...new Set(scenarios.map((s) => s.rationalization))]);
      expect(new Set(scenarios.map((s) => s.pressure)).size).toBe(scenarios.length);
      for (const s of scenarios) {
        expect(s.title && s.prompt && s.expectedViolation && s.pressure).toBeTruthy();
      }
      for (const r of rationalizations) {
        expect(r.length).toBeLessThanOrEqual(120);
        expect(r).not.toMatch(/[|\n\r]/);
        expect(r).toMatch(/^[A-Z].*\.$/);
      }
      all.push(...rationalizations);
    }
    // No two tasks share a rationalization: each names the task's own topic or shortcut.
    expect(new Set(all).size).toBe(all.length);
  });

  it('refactor counters cover every rationalization and the table has a row for each', () => {
    for (const f of flows) {
      const { counters, redFlags, content } = f.refactored;
      expect(Object.keys(counters).sort()).toEqual([...f.scenarios.rationalizations].sort());
      for (const r of f.scenarios.rationalizations) {
        expect(counters[r]!.length).toBeGreaterThan(20);
        expect(content).toContain(`| ${r} | ${counters[r]} |`);
      }
      expect(redFlags.length).toBeGreaterThanOrEqual(3);
      for (const flag of redFlags) expect(content).toContain(`- ${flag}`);
    }
  });

  it('assess finds no gaps in a complete draft and names the gaps of a stripped one', async () => {
    for (const f of flows) {
      expect(f.assessment.suggestions).toEqual([]);
      expect(f.assessment.summary).toContain(f.refinement.skillName);
    }
    const f = flows[0]!;
    const stripped = f.refactored.content
      .replace(/## Red Flags[\s\S]*$/, '')
      .replace(/```[\s\S]*?```\n/g, '')
      .replace(/^\| This change to .* is tiny, .*\n/m, '');
    const assessment = await author.assess(f.ctx, stripped);
    expect(assessment.suggestions.some((s) => s.includes('Red Flags'))).toBe(true);
    expect(assessment.suggestions.some((s) => s.includes('code example'))).toBe(true);
    expect(assessment.suggestions.some((s) => /This change to .* is tiny/.test(s))).toBe(true);
    expect(assessment.summary).toMatch(/\d+ suggestion\(s\)/);
  });
});
