import type { Domain } from '../domain';

export const featureFlags: Domain = {
  id: 'feature-flags',
  strong: [
    'feature flag',
    'feature flags',
    'flag',
    'flags',
    'toggle',
    'toggles',
    'launchdarkly',
    'unleash',
    'canary',
    'dark launch',
  ],
  weak: ['rollout', 'release', 'experiment', 'gradual', 'gradually'],
  vocabulary: ['roll', 'feature', 'features', 'launch'],
  category: 'development',
  subcategory: 'release-engineering',
  principle:
    'Every flag has an owner, a safe default and a removal date; a flag nobody removes becomes permanent complexity.',
  triggers: [
    'new behavior must ship behind a flag',
    'a feature is being rolled out or rolled back gradually',
    'stale flags need cleaning up',
  ],
  areas: [
    { id: 'defaults', label: 'Safe defaults and kill switches' },
    { id: 'rollout', label: 'Gradual rollout' },
    { id: 'testing', label: 'Testing both paths' },
    { id: 'cleanup', label: 'Flag cleanup' },
    { id: 'ownership', label: 'Naming and ownership' },
  ],
  quickRef: [
    ['New flag', 'Name, owner, default off, removal date in the ticket'],
    ['Flag service unreachable', 'Fall back to the safe default in code'],
    ['Rolling out', '1%, 10%, 50%, 100%, checking error rates between steps'],
    ['Testing', 'Run the tests with the flag on and off'],
    ['Fully rolled out', 'Delete the flag and the old path within two weeks'],
  ],
  patterns: [
    {
      title: 'Default to the old, safe path',
      steps: [
        'Evaluate the flag once per request, with a default of off.',
        'Keep both paths working until the flag is removed.',
        'Treat a flag service error as off.',
      ],
      code: {
        lang: 'ts',
        body: [
          '// The default is the old behavior if the flag service fails or times out.',
          "const useNewCheckout = await flags.isEnabled('checkout-v2', {",
          '  userId: user.id,',
          '  defaultValue: false,',
          '});',
          '',
          'if (useNewCheckout) {',
          '  return renderCheckoutV2(cart);',
          '}',
          'return renderCheckout(cart);',
        ].join('\n'),
      },
    },
    {
      title: 'Roll out in steps and clean up',
      steps: [
        'Raise exposure in steps and compare error rate and latency for flagged users.',
        'Roll back by turning the flag off, not by redeploying.',
        'Open the removal ticket when the flag is created.',
      ],
    },
  ],
  mistakes: [
    'Defaulting a new flag to on',
    'Nesting flags so behavior depends on combinations nobody tested',
    'Leaving fully rolled-out flags in the code for months',
    'Testing only the flag-on path',
    'Reusing an old flag name for a new feature',
  ],
  redFlags: [
    'A flag with no owner or removal date',
    'A default value of true for unreleased behavior',
    'A rollout jump from 0% to 100%',
    'A flag check with a network call inside a hot loop',
  ],
  shortcut: 'flip the flag to 100% at once',
  rule: 'roll out in steps and check metrics between them',
  outOfScope: 'A/B test statistics and experiment design',
  verify: 'tests pass with the flag on and off, and each rollout step was checked against error rates',
};
