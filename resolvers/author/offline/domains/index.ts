// The domains the offline author recognizes, in match order: on equal scores the earlier entry wins.
import type { Domain } from '../domain';
import { databaseMigrations } from './database-migrations';
import { git } from './git';
import { codeReview } from './code-review';
import { incidentPostmortems } from './incident-postmortems';
import { documentation } from './documentation';
import { kubernetesDeploys } from './kubernetes-deploys';
import { reactTesting } from './react-testing';
import { apiDesign } from './api-design';
import { securityReview } from './security-review';
import { dataCleaning } from './data-cleaning';
import { sqlQueryTuning } from './sql-query-tuning';
import { onCallHandoffs } from './on-call-handoffs';
import { accessibilityAudits } from './accessibility-audits';
import { csvImports } from './csv-imports';
import { featureFlags } from './feature-flags';
import { typescriptRefactoring } from './typescript-refactoring';
import { logging } from './logging';
import { architectureDecisionRecords } from './architecture-decision-records';
import { dependencyUpgrades } from './dependency-upgrades';
import { performanceProfiling } from './performance-profiling';

export const DOMAINS: readonly Domain[] = [
  databaseMigrations,
  git,
  codeReview,
  incidentPostmortems,
  documentation,
  kubernetesDeploys,
  reactTesting,
  apiDesign,
  securityReview,
  dataCleaning,
  sqlQueryTuning,
  onCallHandoffs,
  accessibilityAudits,
  csvImports,
  featureFlags,
  typescriptRefactoring,
  logging,
  architectureDecisionRecords,
  dependencyUpgrades,
  performanceProfiling,
];
