/**
 * Topicality: the instructions of the body must teach what the name and the description promise.
 *
 * TERMS (./subject.ts: stemmed words minus SUBJECT_IGNORED_WORDS)
 *   key terms          the name's terms that the description also uses, in name order: what both promise. None
 *                      without a name (or with one over NAME_MAX_LENGTH, already an error) or when they share none.
 *   distinctive terms  the key terms outside COMMON_SUBJECT_WORDS ("terraform" in terraform-plan-review, not
 *                      "plan" or "review", which a body about anything may say).
 *   description terms  every term of the description.
 * INSTRUCTIONS: the body's headings, steps, list items, tables, paragraphs and code blocks, except the title, the
 *   Overview and When to Use sections (they restate the description), blockquotes and "double-quoted" spans (the
 *   person's answers quoted back, an excuse being countered). A term occurs in them as its stem or a word of the
 *   same root (./subject.ts StemSet.hasTerm).
 * PASSES when all three shares of terms that occur reach their threshold (rules.ts):
 *   key terms          >= TOPICALITY_MIN_KEY_COVERAGE (1/2: of 1 all, of 2 one, of 3 two, of 4 two, of 5 three)
 *   distinctive terms  >= TOPICALITY_MIN_DISTINCTIVE_COVERAGE (1/2: of 1 all, of 2 one, of 3-4 two, of 5 three; no gate
 *                      when there are none)
 *   description terms  >= TOPICALITY_MIN_DESCRIPTION_COVERAGE (0.1; only for a description of at least
 *                      TOPICALITY_MIN_DESCRIPTION_TERMS (5) terms: a share of fewer says little)
 * and the message names the terms that never occur (distinctive ones first).
 *
 * WHY THESE NUMBERS (tests/skill-validator-topicality.test.ts measures them): every good fixture uses all of its
 * key terms and at least 0.47 of its description (git-bisect-debugging, whose description lists symptoms its body
 * answers with commands); the offline author's drafts of its 20 tasks at least 2/3 of their key and distinctive
 * terms and 0.5 of their description. Given another task's name and description, a body reaches half of the key
 * terms by chance when they are common words ("review", "plan", "change"), which is what the distinctive gate
 * catches: the code-review body the issue names under "reviewing Terraform plans for destructive changes" uses
 * review, plan and change (3/5) but not terraform or destructive (0/2), and fails. Of the 380 cross-task pairs of
 * the 20 drafts, 361 fail; most of the 19 that pass are neighbours (SQL tuning under Postgres migrations, CSV
 * imports under data cleaning, pull-request review under dependency upgrades). The distinctive gate is 1/2, not
 * more, so that a qualifier the body does not repeat ("reviewing pull requests in TypeScript") does not fail an
 * otherwise fitting body. The description gate is low on purpose: its
 * trigger clauses list situations a body need not repeat; it only fails a body that shares almost nothing with
 * the description, which matters when the name shares no word with it (no key terms).
 *
 * SKIPPED when the body is shorter than BODY_MIN_CHARS (body_min_length reports that), when the instructions have
 * fewer than TOPICALITY_MIN_INSTRUCTION_WORDS (30) words (too little to measure a share on; such a body also lacks
 * the sections other checks ask for), or when there is neither a name nor a description to compare with.
 */
import {
  BODY_MIN_CHARS,
  COMMON_SUBJECT_WORDS,
  NAME_MAX_LENGTH,
  TOPICALITY_MIN_DESCRIPTION_COVERAGE,
  TOPICALITY_MIN_DESCRIPTION_TERMS,
  TOPICALITY_MIN_DISTINCTIVE_COVERAGE,
  TOPICALITY_MIN_INSTRUCTION_WORDS,
  TOPICALITY_MIN_KEY_COVERAGE,
} from '../rules';
import { descriptionValue, fail, nameValue, pass, skip, type Check, type CheckContext } from './context';
import { instructionLines, instructionStems, stem, termsOf, type StemSet, type Term } from './subject';

const MAX_FIELD_CHARS = 1_000;
const COMMON = new Set(COMMON_SUBJECT_WORDS.map(stem));

/** Terms of one kind, and those the instructions never use. */
export interface TermShare {
  terms: Term[];
  missing: Term[];
  /** Share of `terms` that occur; 1 when there are none. */
  share: number;
}

export interface Topicality {
  /** Words of the instructions. */
  instructionWords: number;
  key: TermShare;
  distinctive: TermShare;
  description: TermShare;
}

function shareOf(terms: Term[], stems: StemSet): TermShare {
  const missing = terms.filter((t) => !stems.hasTerm(t.stem));
  return { terms, missing, share: terms.length === 0 ? 1 : (terms.length - missing.length) / terms.length };
}

/** The key, distinctive and description terms of a skill and which of them its instructions use. */
export function measureTopicality(ctx: CheckContext): Topicality {
  // A name over the length limit is already an error, and its extra words are not evidence of the subject.
  const name = nameValue(ctx);
  const nameTerms = name !== null && name.length <= NAME_MAX_LENGTH ? termsOf(name.replace(/[-_]+/g, ' ')) : [];
  const descriptionTerms = termsOf((descriptionValue(ctx) ?? '').slice(0, MAX_FIELD_CHARS));
  const described = new Set(descriptionTerms.map((t) => t.stem));
  const key = nameTerms.filter((t) => described.has(t.stem));
  const { stems, wordCount } = instructionStems(instructionLines(ctx.md));
  return {
    instructionWords: wordCount,
    key: shareOf(key, stems),
    distinctive: shareOf(
      key.filter((t) => !COMMON.has(t.stem)),
      stems,
    ),
    description: shareOf(descriptionTerms, stems),
  };
}

const percent = (share: number) => `${Math.round(share * 100)}%`;
const words = (terms: Term[]) => terms.map((t) => t.word).join(', ');

export const topicalityChecks = {
  topicality(ctx) {
    if (ctx.body.trim().length < BODY_MIN_CHARS) return skip('the body is too short to judge');
    if (nameValue(ctx) === null && descriptionValue(ctx) === null) return skip('no name or description');
    const { instructionWords, key, distinctive, description } = measureTopicality(ctx);
    if (instructionWords < TOPICALITY_MIN_INSTRUCTION_WORDS) {
      return skip(`too little instruction text to judge (${instructionWords} words)`);
    }
    if (key.terms.length === 0 && description.terms.length === 0) {
      return pass('the name and description name no subject to look for');
    }
    const keyOk = key.share >= TOPICALITY_MIN_KEY_COVERAGE && distinctive.share >= TOPICALITY_MIN_DISTINCTIVE_COVERAGE;
    const descriptionOk =
      description.terms.length < TOPICALITY_MIN_DESCRIPTION_TERMS ||
      description.share >= TOPICALITY_MIN_DESCRIPTION_COVERAGE;
    if (keyOk && descriptionOk) return pass();
    const missing = keyOk
      ? description.missing.slice(0, 5)
      : [...distinctive.missing, ...key.missing.filter((t) => !distinctive.missing.includes(t))];
    const shares = [
      key.terms.length > 0 ? `${percent(key.share)} of the name's key terms (${words(key.terms)})` : null,
      `${percent(description.share)} of the description's terms`,
    ].filter((s) => s !== null);
    return fail(
      `the body never addresses ${missing.map((t) => `'${t.word}'`).join(', ')}: its instructions (headings, steps, tables, code blocks; not the Overview, When to Use or quoted answers) use ${shares.join(' and ')}; needed: ${percent(TOPICALITY_MIN_KEY_COVERAGE)} of the key terms and ${percent(TOPICALITY_MIN_DISTINCTIVE_COVERAGE)} of those not common to every skill, ${percent(TOPICALITY_MIN_DESCRIPTION_COVERAGE)} of the description's; teach what the name and description promise, or change them`,
    );
  },
} satisfies Record<string, Check>;
