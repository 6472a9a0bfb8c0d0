import type { Domain } from '../domain';

export const documentation: Domain = {
  id: 'documentation',
  strong: [
    'readme',
    'readmes',
    'documentation',
    'docs',
    'doc',
    'tutorial',
    'tutorials',
    'guide',
    'guides',
    'technical writing',
    'manual',
  ],
  weak: ['write', 'writing', 'explain', 'onboarding', 'examples'],
  vocabulary: ['open source', 'library', 'libraries', 'project', 'projects'],
  category: 'writing',
  subcategory: 'documentation',
  principle:
    'Documentation is written for a named reader with a task, and every example is copied from something that ran.',
  triggers: [
    'a README, guide or reference page must be written or updated',
    'users keep asking the same setup questions',
    'a feature shipped without documentation',
  ],
  areas: [
    { id: 'readme', label: 'README structure' },
    { id: 'examples', label: 'Runnable examples' },
    { id: 'reference', label: 'Reference pages' },
    { id: 'tutorials', label: 'Step-by-step tutorials' },
    { id: 'maintenance', label: 'Keeping docs in sync with code' },
  ],
  quickRef: [
    ['Starting a page', 'Write one sentence naming the reader and what they will be able to do'],
    ['Adding an example', 'Run it, then paste the exact command and its output'],
    ['Explaining a concept', 'Lead with a concrete example, then the general rule'],
    ['Installation steps', 'Test them in a clean environment'],
    ['Code changed', 'Update the docs in the same pull request'],
  ],
  patterns: [
    {
      title: 'Structure a README around the first success',
      steps: [
        'State what the project does and for whom in one sentence.',
        'Get the reader to a working result before explaining options.',
        'End with troubleshooting for the errors people hit most.',
      ],
      code: {
        lang: 'text',
        body: [
          'README outline',
          '1. Purpose: what it does and for whom, one sentence',
          '2. Install: copy-paste commands, tested in a clean environment',
          '3. First success: the smallest working example and its real output',
          '4. Configuration: every option with its default and an example',
          '5. Troubleshooting: the three most common errors and their fixes',
        ].join('\n'),
      },
    },
    {
      title: 'Test the docs like code',
      steps: [
        'Run every command from the page in a clean container.',
        'Paste real output, trimmed but not edited.',
        'Fail the docs change when an example no longer runs.',
      ],
      code: {
        lang: 'bash',
        body: [
          'docker run --rm -v "$PWD":/src -w /src node:20 \\',
          '  bash -c "npm ci && npm run build && node examples/quickstart.js"',
        ].join('\n'),
      },
    },
  ],
  mistakes: [
    'Writing for yourself instead of a reader who has never seen the project',
    'Examples that were never run and no longer work',
    'Walls of text with no headings or lists',
    'Documenting every option before showing the first working example',
    'Leaving docs unchanged when the behavior changes',
  ],
  redFlags: [
    'An example you have not executed',
    'A page that does not say who it is for',
    'Instructions that assume tools the reader may not have installed',
    'Placeholder text such as TODO or TBD in published docs',
  ],
  shortcut: 'publish the docs with untested examples',
  rule: 'run every example before publishing',
  outOfScope: 'marketing copy or internal design documents',
  verify: 'a reader in a clean environment follows the page and reaches the stated result',
};
