// The sections of the offline author's SKILL.md, each built from the job's knowledge and the draft options.

import { frontmatterLines, type Section } from '../../skill-content/document';
import type { Knowledge } from './knowledge';
import { dedupe, joinList, quote, topicReferences } from './prose';
import { capitalize, cell, inline, lowerFirst, stripFiller } from './text';

/** The heading of the section listing what needs expert content; the review prompt points at it. */
export const TO_COMPLETE_TITLE = 'To Complete';

export interface DraftOptions {
  compact: boolean;
  scrubFiller: boolean;
  checklist: boolean;
}

export function frontmatter(k: Knowledge): string[] {
  return frontmatterLines({ name: k.refinement.skillName, description: k.refinement.description });
}

function audienceLine(k: Knowledge): string | null {
  const t = k.topic;
  const picked = k.answers.audience?.id;
  if (picked === 'beginner')
    return `**Audience:** people new to ${t}; every step says why it matters and what a correct result looks like.`;
  if (picked === 'intermediate')
    return `**Audience:** people who have done ${t} before; the focus is on the steps people skip under pressure.`;
  if (picked === 'expert')
    return `**Audience:** experienced practitioners of ${t}; the patterns are a terse list of non-negotiables.`;
  if (k.answers.audience) return `**Audience:** ${inline(k.answers.audience.label, 160)}.`;
  if (k.answers.audienceOther) return `**Audience:** ${quote(k.answers.audienceOther, 200)}.`;
  return null;
}

function focusAreas(k: Knowledge): string[] {
  if (k.answers.coverage.length > 0) return k.answers.coverage.map((c) => inline(c.label, 80));
  return k.domain.areas.slice(0, 3).map((a) => a.label);
}

export function overviewSection(k: Knowledge, o: DraftOptions): Section {
  const restated = k.refinement.refinedTask.split(/(?<=\.)\s+/)[0] ?? k.refinement.refinedTask;
  const lines = [
    /^teach\b/i.test(restated) ? `This skill exists to ${lowerFirst(restated)}` : `Goal: ${restated}`,
    '',
    `**Core principle:** ${k.domain.principle}`,
    '',
    k.problemFromUser
      ? `**Problem it solves (in the user's words):** ${quote(scrub(k.problem, o), 400)}.`
      : `**Problem it solves:** ${k.problem}`,
  ];
  const audience = audienceLine(k);
  if (audience) lines.push('', audience);
  lines.push('', `**Focus areas:** ${joinList(focusAreas(k).map(lowerFirst))}.`);
  return { title: 'Overview', lines };
}

function scrub(text: string, o: DraftOptions): string {
  return o.scrubFiller ? stripFiller(text) : text;
}

export function whenToUseSection(k: Knowledge, o: DraftOptions): Section {
  const lines = [`- When ${k.useWhen}`, ...k.domain.triggers.map((t) => `- When ${t}`)];
  if (k.failures[0]) lines.push(`- After a failure like ${quote(scrub(k.failures[0], o), 200)}`);
  lines.push(`- Do not use for ${k.domain.outOfScope}.`);
  for (const c of k.constraints.slice(0, 3)) {
    lines.push(
      `- Do not use when the only way to finish would break the constraint ${quote(scrub(c, o), 200)}; stop and ask the user instead.`,
    );
  }
  return { title: 'When to Use', lines };
}

export function quickReferenceSection(k: Knowledge, o: DraftOptions): Section {
  const rows = (o.compact ? k.domain.quickRef.slice(0, 4) : k.domain.quickRef).map(
    ([s, d]) => `| ${cell(s)} | ${cell(d)} |`,
  );
  rows.push(`| Checking the result | ${cell(capitalize(k.domain.verify))} |`);
  if (k.goalsFromUser && k.goals[0])
    rows.push(`| Declaring the work done | Confirm the success criterion ${cell(quote(scrub(k.goals[0], o), 200))} |`);
  if (k.constraints[0])
    rows.push(
      `| A step conflicts with a constraint | Stop and honor ${cell(quote(scrub(k.constraints[0], o), 200))} |`,
    );
  return { title: 'Quick Reference', lines: ['| Situation | Do |', '|---|---|', ...rows] };
}

export function corePatternsSection(k: Knowledge, o: DraftOptions): Section {
  const lines: string[] = [];
  const patterns = o.compact ? k.domain.patterns.slice(0, 1) : k.domain.patterns;
  let codeBlocks = 0;
  patterns.forEach((p, i) => {
    if (i > 0) lines.push('');
    lines.push(`### ${i + 1}. ${p.title}`, '');
    p.steps.forEach((s, j) => lines.push(`${j + 1}. ${s}`));
    if (p.code) {
      lines.push('', '```' + p.code.lang, ...p.code.body.split('\n'), '```');
      codeBlocks++;
    }
  });
  if (codeBlocks === 0) {
    const withCode = k.domain.patterns.find((p) => p.code);
    if (withCode?.code) lines.push('', '```' + withCode.code.lang, ...withCode.code.body.split('\n'), '```');
  }
  lines.push('', `### ${patterns.length + 1}. Meeting the Success Criteria`, '');
  lines.push(
    k.goalsFromUser
      ? 'The work is done only when each of these holds (from the user):'
      : 'The work is done only when each of these holds:',
    '',
  );
  for (const g of k.goals) lines.push(`- ${k.goalsFromUser ? quote(scrub(g, o), 240) : g}`);
  lines.push('', `Check: ${k.domain.verify}.`);
  if (k.constraints.length > 0) {
    lines.push('', `### ${patterns.length + 2}. Constraints to Respect`, '');
    for (const c of k.constraints) lines.push(`- ${quote(scrub(c, o), 200)}`);
  }
  if (!o.compact && k.extras.length > 0) {
    lines.push('', '### Details From the User', '');
    for (const e of k.extras) lines.push(`- ${quote(scrub(e, o), 300)}`);
  }
  if (o.checklist) {
    lines.push('', '### Verification Checklist', '');
    const goals = k.goals.slice(0, 3).map((g) => (k.goalsFromUser ? quote(scrub(g, o), 200) : g));
    for (const item of dedupe([capitalize(k.domain.rule), ...goals, capitalize(k.domain.verify)]))
      lines.push(`- [ ] ${item}`);
  }
  return { title: 'Core Patterns', lines };
}

/**
 * What the offline author does not know, for an expert to add (the review points here): below the domain threshold,
 * everything expert; with a domain, what is specific to a tool or product the task names and the domain does not
 * cover ("reviewing pull requests in TypeScript": the code-review knowledge says nothing about TypeScript).
 */
export function toCompleteSection(k: Knowledge): Section | null {
  if (k.known) {
    if (k.match.uncoveredNames.length === 0) return null;
    const names = joinList(k.match.uncoveredNames);
    return {
      title: TO_COMPLETE_TITLE,
      lines: [
        `The built-in ${k.domain.id} knowledge behind this draft is general: it says nothing specific to ${names}. Before an agent relies on it, an expert should add:`,
        '',
        `- The checks, commands or settings that differ in ${names}, with one worked example from a real ${names} case.`,
        `- The ways work in ${names} fails that the general rules above miss, each with a red flag.`,
      ],
    };
  }
  const a = k.activity.gerund;
  // The closest domain's id stays out of the body (it is in the refinement and the job's events): its words would
  // be another subject's terms in this skill's instructions.
  const closest = k.match.best ? ` (the closest covers ${Math.round(k.match.confidence * 100)} % of its subject)` : '';
  return {
    title: TO_COMPLETE_TITLE,
    lines: [
      `None of the offline author's built-in domains covers ${a}${closest}, so every rule above comes from the task and the answers. Before an agent relies on it, an expert should add:`,
      '',
      `- The commands or tools used for ${a}, with one worked example from a real case.`,
      `- The checks an expert runs on the ${k.topic} that the answers did not name.`,
      `- The ways work on ${topicReferences(k.topic).near} fails beyond the ones reported, each with a red flag.`,
    ],
  };
}

export function mistakesSection(k: Knowledge, o: DraftOptions): Section {
  const lines = (o.compact ? k.domain.mistakes.slice(0, 3) : k.domain.mistakes).map((m) => `- ${m}`);
  for (const f of k.failures) lines.push(`- Repeating the failure the user reported: ${quote(scrub(f, o), 240)}`);
  return { title: 'Common Mistakes', lines };
}

export function rationalizationRow(excuse: string, counter: string): string {
  return `| ${cell(excuse, 2000)} | ${cell(counter, 2000)} |`;
}

export function rationalizationsSection(rows: string[]): Section {
  return {
    title: 'Common Rationalizations',
    lines: [
      'Excuses an agent under pressure reaches for, and why each one fails.',
      '',
      '| Excuse | Reality |',
      '|---|---|',
      ...rows,
    ],
  };
}

export function redFlagsSection(flags: string[], k: Knowledge): Section {
  return {
    title: 'Red Flags',
    lines: [
      ...flags.map((f) => `- ${f}`),
      '',
      `**All of these mean:** stop, then ${k.domain.rule} before going further.`,
    ],
  };
}
