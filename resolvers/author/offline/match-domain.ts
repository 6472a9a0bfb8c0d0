// Which domain a task is about: the best-scoring entry of ./domains, or a generic domain built from the topic.

import type { Domain } from './domain';
import { DOMAINS } from './domains';
import { genericDomain } from './generic-domain';
import { keywordHits } from './keywords';
import { findPhrase } from './phrases';
import { wordsOf } from './text';

export interface DomainMatch {
  domain: Domain;
  /** False when no entry of the table matched and `domain` is the generic fallback. */
  known: boolean;
  score: number;
}

/** The best-scoring domain for a task (ties: table order); a generic domain built from the topic otherwise. */
export function matchDomain(task: string, topic: string): DomainMatch {
  const words = wordsOf(task);
  const joined = ` ${words.join(' ')} `;
  let best: Domain | undefined;
  let bestScore = 0;
  for (const domain of DOMAINS) {
    let score = 0;
    for (const k of domain.strong) if (keywordHits(k, words, joined)) score += 3;
    for (const k of domain.weak) if (keywordHits(k, words, joined)) score += 1;
    if (score > bestScore) {
      best = domain;
      bestScore = score;
    }
  }
  // A lone weak keyword ("data", "review") is not enough to claim a domain.
  if (best && bestScore >= 3) return { domain: best, known: true, score: bestScore };
  return { domain: genericDomain(task, topic), known: false, score: bestScore };
}

/**
 * The topic a skill is about, made to name its domain: a topic without any of the domain's strong keywords
 * ("services" in "Deploy services to Kubernetes") becomes the first strong keyword as written in the task
 * ("Kubernetes"), skipping the task's opening verb ("Profile CPU ..." -> "CPU", not "Profile").
 */
export function domainTopic(match: DomainMatch, task: string, head: string, topic: string): string {
  if (!match.known) return topic;
  if (topic && match.domain.strong.some((k) => findPhrase(topic, k) !== null)) return topic;
  for (const keyword of match.domain.strong) {
    const found = findPhrase(head, keyword, true) ?? findPhrase(task, keyword, true);
    if (found) return found;
  }
  return topic;
}
