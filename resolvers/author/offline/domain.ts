// The shape of the offline author's domain knowledge: one entry per domain it recognizes, each in ./domains/.
// Prose in an entry must stay free of filler words (very, really, just, simply, clearly, ...: the validator's list)
// and of `|` outside code blocks, because it lands in markdown tables.

export interface CodeSample {
  lang: string;
  body: string;
}

export interface DomainPattern {
  title: string;
  steps: string[];
  code?: CodeSample;
}

export interface DomainArea {
  id: string;
  label: string;
}

export interface Domain {
  id: string;
  /** Keywords worth 3 points each; single words match as prefixes when >= 4 chars, phrases match whole words. */
  strong: string[];
  /** Keywords worth 1 point each. */
  weak: string[];
  /** Further words the domain's knowledge covers (they raise the confidence but never select the domain). */
  vocabulary?: string[];
  category: string;
  subcategory: string;
  /** One sentence: the rule the whole skill serves. */
  principle: string;
  /** Clauses completing "Use when ..." (lowercase, no final period). */
  triggers: string[];
  /** What the skill can cover; offered as options of the round-1 coverage question. */
  areas: DomainArea[];
  /** [situation, what to do] rows of the Quick Reference table. */
  quickRef: [string, string][];
  patterns: DomainPattern[];
  mistakes: string[];
  redFlags: string[];
  /** Verb phrase: the corner an agent without the skill cuts (<= 45 chars). */
  shortcut: string;
  /** Verb phrase: what the skill requires instead (<= 52 chars). */
  rule: string;
  /** Noun phrase: what the skill does not cover. */
  outOfScope: string;
  /** How to check the work is done. */
  verify: string;
}
