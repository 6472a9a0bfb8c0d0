import type { Domain } from '../domain';

export const dependencyUpgrades: Domain = {
  id: 'dependency-upgrades',
  strong: [
    'dependency',
    'dependencies',
    'dependenc',
    'upgrad',
    'bump',
    'bumps',
    'renovate',
    'dependabot',
    'npm',
    'pip',
    'package',
    'packages',
    'semver',
    'lockfile',
    'lockfiles',
  ],
  weak: ['version', 'versions', 'library', 'libraries', 'outdated'],
  category: 'development',
  subcategory: 'dependencies',
  principle:
    'Upgrade one dependency at a time, read its changelog, and let the tests and the lockfile diff prove the change is safe.',
  triggers: [
    'dependencies are outdated or flagged by a security advisory',
    'a major version upgrade is planned',
    'an upgrade broke the build or the tests',
  ],
  areas: [
    { id: 'changelogs', label: 'Reading changelogs and breaking changes' },
    { id: 'one-at-a-time', label: 'One upgrade at a time' },
    { id: 'lockfiles', label: 'Lockfile review' },
    { id: 'testing', label: 'Testing after upgrades' },
    { id: 'advisories', label: 'Security advisories' },
  ],
  quickRef: [
    ['Outdated packages', 'List them and group by major, minor and patch'],
    ['Major version', 'Read the changelog and migration guide first'],
    ['Upgrading', 'One package, or one tightly coupled group, per pull request'],
    ['Lockfile diff', 'Review unexpected transitive changes'],
    ['After the upgrade', 'Full test suite, build and a smoke test'],
  ],
  patterns: [
    {
      title: 'One package per change',
      steps: [
        'Pick one package and read every changelog entry between the two versions.',
        'Upgrade it alone and review the lockfile diff.',
        'Build, test and smoke-test before the next package.',
      ],
      code: {
        lang: 'bash',
        body: [
          'npm outdated',
          'npm install zod@4.1.0',
          'git diff --stat package-lock.json',
          'npm ls zod',
          'npm test && npm run build',
        ].join('\n'),
      },
    },
    {
      title: 'Treat major versions as migrations',
      steps: [
        'Find the migration guide and list each breaking change.',
        'Search the code for every affected API.',
        'Fix and test each usage before merging.',
      ],
    },
  ],
  mistakes: [
    'Upgrading everything at once, so a failure cannot be traced',
    'Skipping the changelog for a major version',
    'Deleting the lockfile to fix a conflict',
    'Trusting a green CI run when no test covers the affected code',
    'Ignoring peer dependency warnings',
  ],
  redFlags: [
    'A pull request that bumps many unrelated packages',
    'A deleted or fully regenerated lockfile',
    'A major bump with no changelog link',
    'Peer dependency warnings in the install output',
  ],
  shortcut: 'upgrade every package in one go',
  rule: 'upgrade one package at a time and read its changelog',
  outOfScope: 'replacing a library with a different one',
  verify: 'the build, the full test suite and a smoke test pass after each single upgrade',
};
