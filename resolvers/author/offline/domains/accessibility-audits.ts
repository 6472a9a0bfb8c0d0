import type { Domain } from '../domain';

export const accessibilityAudits: Domain = {
  id: 'accessibility-audits',
  strong: [
    'accessibility',
    'accessible',
    'a11y',
    'wcag',
    'screen reader',
    'screen readers',
    'aria',
    'contrast',
    'keyboard',
  ],
  weak: ['audit', 'audits', 'ui', 'web', 'html', 'page', 'pages'],
  category: 'design',
  subcategory: 'accessibility',
  principle:
    'Test with a keyboard and a screen reader, not only an automated scanner, and tie every finding to a WCAG criterion.',
  triggers: [
    'a web page or component needs an accessibility audit',
    'a WCAG conformance review is coming',
    'users report they cannot use a feature with assistive technology',
  ],
  areas: [
    { id: 'keyboard', label: 'Keyboard navigation and focus' },
    { id: 'screen-readers', label: 'Screen reader semantics' },
    { id: 'contrast', label: 'Color contrast' },
    { id: 'forms', label: 'Forms and error messages' },
    { id: 'reporting', label: 'Reporting findings against WCAG' },
  ],
  quickRef: [
    ['Start of an audit', 'Run axe or Lighthouse, then test manually'],
    ['Interactive element', 'Reach and operate it with Tab, Enter, Space and Escape'],
    ['Custom widget', 'Native elements first; ARIA only when no native element fits'],
    ['Text color', '4.5 to 1 contrast for body text, 3 to 1 for large text'],
    ['Writing a finding', 'WCAG criterion, severity, steps, affected users, fix'],
  ],
  patterns: [
    {
      title: 'Automated scan, then manual passes',
      steps: [
        'Run an automated scan to catch the mechanical failures.',
        'Keyboard pass: reach and operate everything, with a visible focus indicator.',
        'Screen reader pass: names, roles, states and announcements make sense.',
      ],
      code: {
        lang: 'bash',
        body: [
          'npx @axe-core/cli https://staging.example.com/checkout --exit',
          'npx lighthouse https://staging.example.com/checkout --only-categories=accessibility',
        ].join('\n'),
      },
    },
    {
      title: 'Prefer native elements',
      steps: [
        'A button is a button element, a link is an anchor with href.',
        'Decorative images get empty alt text; meaningful ones describe their purpose.',
      ],
      code: {
        lang: 'html',
        body: [
          '<!-- Fails 2.1.1 Keyboard and 4.1.2 Name, Role, Value -->',
          '<div class="btn" onclick="save()"><img src="disk.svg"></div>',
          '',
          '<!-- Passes: native button with an accessible name -->',
          '<button type="button" onclick="save()">',
          '  <img src="disk.svg" alt=""> Save draft',
          '</button>',
        ].join('\n'),
      },
    },
  ],
  mistakes: [
    'Treating a clean automated scan as a passed audit',
    'Adding ARIA roles to divs instead of using native elements',
    'Removing focus outlines without a visible replacement',
    'Conveying errors or status by color alone',
    'Reporting findings without the WCAG criterion or steps to reproduce',
  ],
  redFlags: [
    'An audit report with no manual keyboard test',
    'outline none in CSS with no replacement focus style',
    'Icons or images of text without text alternatives',
    'A finding with no WCAG reference',
  ],
  shortcut: 'rely on the automated scan alone',
  rule: 'test by keyboard and screen reader and cite WCAG',
  outOfScope: 'legal advice on accessibility compliance',
  verify: 'each page was tested with keyboard only and with a screen reader, and each finding cites a WCAG criterion',
};
