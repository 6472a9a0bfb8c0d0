// Which domain a task is about, and how sure the author is: a built-in domain's knowledge is used only when the
// task clearly belongs to it; otherwise the draft is built from the task and the person's answers (./task-domain).
//
// CONFIDENCE (0..1), per domain:
//   subject words = the task's content words without its lead-in ("a skill that teaches an agent to"), without
//                   stop words and without GENERIC_WORDS ("write", "safe", "changes": they name no field);
//   weight(w)     = 2 when w names a tool or product (written with a capital inside the task, or a known
//                   technical name such as "terraform", "django"), else 1;
//   covered(w)    = w matches one of the domain's strong, weak or vocabulary keywords (./keywords);
//   confidence    = sum(weight of covered words) / sum(weight of all subject words), and 0 when no strong keyword
//                   matches at all.
// The best domain is used when confidence >= DOMAIN_THRESHOLD (0.6): most of what the task names must be what the
// domain knows. "review Terraform plans for destructive changes" covers only "review" (1 of 5 weighted: 0.20);
// "write safe Postgres migrations" covers Postgres and migrations (3 of 3: 1.00).

import type { Domain } from './domain';
import { DOMAINS } from './domains';
import { keywordHits } from './keywords';
import { findPhrase } from './phrases';
import { subjectWords } from './subject';
import { wordsOf } from './text';
import { TOOL_NAMES } from './subject-words';

export const DOMAIN_THRESHOLD = 0.6;

export interface DomainMatch {
  /** The domain whose knowledge the draft uses; null when none is confident enough. */
  domain: Domain | null;
  /** The best-scoring built-in domain, even below the threshold (shown, never used). */
  best: Domain | null;
  /** The best domain's confidence, 0..1, two decimals. */
  confidence: number;
  /** Subject words the best domain does not cover: what a draft below the threshold is built around. */
  uncovered: string[];
  /** The uncovered words that name a tool or product (weight 2) the domain's knowledge never mentions, as the task
   * writes them ("TypeScript"): what a draft that uses the domain still lacks expert content on. */
  uncoveredNames: string[];
  /** Every subject word, in task order. */
  subject: string[];
}

function weightOf(word: string, task: string): number {
  if (TOOL_NAMES.has(word)) return 2;
  // A capitalized word after the first one names something ("Terraform", "Django"), unless it is an acronym the
  // domains list anyway; that is fine: it is covered then.
  const tokens = task.split(/\s+/).slice(1);
  return tokens.some((t) => t.replace(/[^A-Za-z0-9]/g, '').toLowerCase() === word && /^[A-Z]/.test(t)) ? 2 : 1;
}

/** Whether the domain's knowledge names the word anywhere ("EXPLAIN ANALYZE" in sql-query-tuning's patterns). */
function mentionedIn(domain: Domain, word: string): boolean {
  const text = [
    domain.principle,
    ...domain.quickRef.flat(),
    ...domain.patterns.flatMap((p) => [...p.steps, p.code?.body ?? '']),
  ]
    .join('\n')
    .toLowerCase();
  return new RegExp(`\\b${word.replace(/[^a-z0-9]/g, '')}\\b`).test(text);
}

/** The task's own spelling of a subject word ("TypeScript" for "typescript"). */
function asWritten(word: string, task: string): string {
  const token = task.split(/\s+/).find((t) => t.replace(/[^A-Za-z0-9]/g, '').toLowerCase() === word);
  return token ? token.replace(/^[^A-Za-z0-9]+|[^A-Za-z0-9.+#]+$/g, '').replace(/\.$/, '') : word;
}

function covers(domain: Domain, word: string, joined: string): boolean {
  const keywords = [...domain.strong, ...domain.weak, ...(domain.vocabulary ?? [])];
  return keywords.some((k) =>
    k.includes(' ') ? joined.includes(` ${k} `) && k.split(' ').includes(word) : keywordHits(k, [word], ''),
  );
}

function hasStrongHit(domain: Domain, words: string[], joined: string): boolean {
  return domain.strong.some((k) => keywordHits(k, words, joined));
}

/** The confidence of one domain for a task (see CONFIDENCE above). */
export function domainConfidence(domain: Domain, task: string): { confidence: number; uncovered: string[] } {
  const words = wordsOf(task);
  const joined = ` ${words.join(' ')} `;
  const subject = subjectWords(task);
  if (subject.length === 0 || !hasStrongHit(domain, words, joined)) return { confidence: 0, uncovered: subject };
  let total = 0;
  let covered = 0;
  const uncovered: string[] = [];
  for (const w of subject) {
    const weight = weightOf(w, task);
    total += weight;
    if (covers(domain, w, joined)) covered += weight;
    else uncovered.push(w);
  }
  return { confidence: Math.round((covered / total) * 100) / 100, uncovered };
}

/** The best domain for a task (ties: table order), used only at or above DOMAIN_THRESHOLD. */
export function matchDomain(task: string): DomainMatch {
  const subject = subjectWords(task);
  let best: Domain | null = null;
  let bestScore = { confidence: 0, uncovered: subject };
  for (const domain of DOMAINS) {
    const score = domainConfidence(domain, task);
    if (score.confidence > bestScore.confidence) {
      best = domain;
      bestScore = score;
    }
  }
  return {
    domain: best && bestScore.confidence >= DOMAIN_THRESHOLD ? best : null,
    best,
    confidence: bestScore.confidence,
    uncovered: bestScore.uncovered,
    uncoveredNames: bestScore.uncovered
      .filter((w) => weightOf(w, task) === 2 && !(best && mentionedIn(best, w)))
      .map((w) => asWritten(w, task)),
    subject,
  };
}

/**
 * The topic a skill is about, made to name its domain: a topic without any of the domain's strong keywords
 * ("services" in "Deploy services to Kubernetes") becomes the first strong keyword as written in the task
 * ("Kubernetes"), skipping the task's opening verb ("Profile CPU ..." -> "CPU", not "Profile").
 */
export function domainTopic(domain: Domain | null, task: string, head: string, topic: string): string {
  if (!domain) return topic;
  if (topic && domain.strong.some((k) => findPhrase(topic, k) !== null)) return topic;
  for (const keyword of domain.strong) {
    const found = findPhrase(head, keyword, true) ?? findPhrase(task, keyword, true);
    if (found) return found;
  }
  return topic;
}
