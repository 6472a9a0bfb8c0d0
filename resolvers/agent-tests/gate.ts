// When behaviour passes: the with-skill compliance rate reaches the bar AND the skill beats the baseline (its
// violation rate is below the baseline's). The one place VALIDATION and REFACTOR read this rule from.

export interface BehaviourEvidence {
  /** Over the baseline runs; null when none ran. */
  baselineViolationRate: number | null;
  /** Over the latest with-skill round; null when none ran. */
  complianceRate: number | null;
  /** Violation rate of the latest with-skill round. */
  withSkillViolationRate: number | null;
}

export interface BehaviourVerdict {
  passed: boolean;
  problems: string[];
}

const pct = (rate: number) => `${Math.round(rate * 100)}%`;

export function behaviourGate(evidence: BehaviourEvidence, minCompliance: number): BehaviourVerdict {
  const { baselineViolationRate: baseline, complianceRate: compliance, withSkillViolationRate: withSkill } = evidence;
  if (baseline === null || compliance === null || withSkill === null)
    return {
      passed: false,
      problems: ['behavioural tests: no with-skill run of a pressure scenario to judge the skill by'],
    };
  const problems: string[] = [];
  if (compliance < minCompliance)
    problems.push(
      `behavioural tests: compliance with the skill is ${pct(compliance)}, below TDD_MIN_COMPLIANCE ${pct(minCompliance)}`,
    );
  if (!(withSkill < baseline))
    problems.push(
      `behavioural tests: the violation rate with the skill (${pct(withSkill)}) is not below the baseline's (${pct(baseline)})`,
    );
  return { passed: problems.length === 0, problems };
}
