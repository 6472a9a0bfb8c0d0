import type { Domain } from '../domain';

export const architectureDecisionRecords: Domain = {
  id: 'architecture-decision-records',
  strong: [
    'adr',
    'adrs',
    'architecture decision',
    'architecture decisions',
    'decision record',
    'decision records',
    'architectural decision',
  ],
  weak: ['architecture', 'decision', 'decisions', 'design doc', 'rfc'],
  category: 'writing',
  subcategory: 'architecture',
  principle:
    'An ADR records one decision, the context that forced it and the options rejected, so a future reader understands why without asking.',
  triggers: [
    'a significant technical decision was made or is being proposed',
    'a team keeps re-arguing a past decision',
    'an ADR must be written, reviewed or superseded',
  ],
  areas: [
    { id: 'context', label: 'Context and forces' },
    { id: 'options', label: 'Options considered' },
    { id: 'consequences', label: 'Consequences' },
    { id: 'status', label: 'Status and superseding' },
    { id: 'brevity', label: 'Keeping it short' },
  ],
  quickRef: [
    ['Starting an ADR', 'Next number, and a short title that states the decision'],
    ['Context', 'Facts and constraints that force a decision, with numbers'],
    ['Options', 'At least two real alternatives with their trade-offs'],
    ['Consequences', 'What gets easier and what gets harder'],
    ['The decision changes later', 'A new ADR that supersedes the old one; never rewrite history'],
  ],
  patterns: [
    {
      title: 'One decision per record',
      steps: [
        'Title states the decision, not the topic.',
        'Context says what forces a decision now.',
        'Options, decision and consequences follow, each in a few lines.',
      ],
      code: {
        lang: 'markdown',
        body: [
          'ADR 0014: Use PostgreSQL logical replication for the reporting database',
          '',
          'Status: Accepted (2024-05-02). Supersedes ADR 0009.',
          '',
          'Context: reporting queries add 35% CPU load to the primary at month end;',
          'finance needs data no older than 5 minutes.',
          '',
          'Options considered:',
          '1. Streaming read replica: simple, but copies every table and index.',
          '2. Logical replication of 6 tables: less load, needs schema-change discipline.',
          '3. Nightly ETL: cheapest, fails the 5-minute freshness requirement.',
          '',
          'Decision: option 2.',
          '',
          'Consequences: migrations on the 6 tables are applied to both databases;',
          'reporting can add its own indexes without touching the primary.',
        ].join('\n'),
      },
    },
    {
      title: 'Supersede, do not edit',
      steps: [
        'An accepted ADR is history.',
        'A changed decision gets a new ADR that links back.',
        'Mark the old one as superseded and link forward.',
      ],
    },
  ],
  mistakes: [
    'Writing the ADR after everyone forgot the context',
    'Listing only the chosen option',
    'Editing an accepted ADR instead of superseding it',
    'Turning the ADR into a full design document',
    'Vague context with no numbers or constraints',
  ],
  redFlags: [
    'An ADR with only one option',
    'No consequences, or only positive ones',
    'An accepted ADR edited to reflect a new decision',
    'Context that does not say what forced the decision now',
  ],
  shortcut: 'record only the option that won',
  rule: 'document the context and every option considered',
  outOfScope: 'detailed design documents and project plans',
  verify: 'a new team member can explain from the ADR alone why the decision was made and what was rejected',
};
