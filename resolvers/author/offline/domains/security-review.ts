import type { Domain } from '../domain';

export const securityReview: Domain = {
  id: 'security-review',
  strong: [
    'security',
    'secure',
    'vulnerability',
    'vulnerabilities',
    'owasp',
    'threat',
    'auth',
    'authentication',
    'authorization',
    'xss',
    'csrf',
    'injection',
    'secrets',
    'pentest',
  ],
  weak: ['review', 'audit', 'risk', 'login', 'password', 'passwords'],
  category: 'security',
  subcategory: 'application-security',
  principle:
    'Treat every input as hostile until validated, and report findings with evidence and severity, never hunches.',
  triggers: [
    'code that handles authentication, authorization, user input or secrets needs review',
    'a change needs a security sign-off',
    'a dependency or endpoint is suspected to be vulnerable',
  ],
  areas: [
    { id: 'authn', label: 'Authentication and sessions' },
    { id: 'authz', label: 'Authorization checks' },
    { id: 'injection', label: 'Injection and input validation' },
    { id: 'secrets', label: 'Secrets handling' },
    { id: 'reporting', label: 'Reporting findings' },
  ],
  quickRef: [
    ['User input reaches a query or command', 'Parameterized queries and argument arrays only'],
    ['Endpoint returns user data', 'Check object-level authorization on every request'],
    ['Secret in code or logs', 'Report as critical and rotate it; deleting it is not enough'],
    ['Writing a finding', 'Location, exploit scenario, severity, fix'],
    ['Unsure if exploitable', 'Mark it as needs verification; do not drop it'],
  ],
  patterns: [
    {
      title: 'Trace input to sink',
      steps: [
        'List every entry point: routes, queue consumers, file uploads.',
        'Follow each input to where it is used: SQL, shell, HTML, file paths.',
        'Check validation and encoding at the sink, not only at the edge.',
      ],
      code: {
        lang: 'ts',
        body: [
          '// Vulnerable: string-built SQL and no ownership check',
          'const rows = await db.query(`SELECT * FROM invoices WHERE id = ${req.params.id}`);',
          '',
          '// Fixed: parameterized and scoped to the caller',
          'const rows = await db.query(',
          "  'SELECT * FROM invoices WHERE id = $1 AND account_id = $2',",
          '  [req.params.id, req.user.accountId],',
          ');',
        ].join('\n'),
      },
    },
    {
      title: 'Sweep for secrets and known vulnerabilities',
      steps: [
        'Search the tree and history for credentials.',
        'Audit dependencies and record advisories with their reachable paths.',
      ],
      code: {
        lang: 'bash',
        body: [
          'git grep -nE "(api[_-]?key|secret|password)\\s*[:=]"',
          'git log -p -S "BEGIN RSA PRIVATE KEY" --all',
          'npm audit --omit=dev',
        ].join('\n'),
      },
    },
  ],
  mistakes: [
    'Checking authentication but not authorization on each object',
    'Trusting client-side validation',
    'Reporting a finding without a reproduction or severity',
    'Deleting a leaked secret from the code without rotating it',
    'Stopping after the first finding',
  ],
  redFlags: [
    'String concatenation building SQL, shell commands or HTML',
    'An endpoint that loads a record by id without checking its owner',
    'Secrets, tokens or passwords in code, logs or error messages',
    'A finding marked low severity without an exploit analysis',
  ],
  shortcut: 'sign off without checking authorization paths',
  rule: 'trace every input and permission check before sign-off',
  outOfScope: 'network penetration testing or compliance audits',
  verify: 'every finding has a location, reproduction, severity and fix, and every auth path was traced',
};
