import type { Domain } from '../domain';

export const apiDesign: Domain = {
  id: 'api-design',
  strong: ['api', 'apis', 'rest', 'restful', 'endpoint', 'endpoints', 'openapi', 'graphql', 'grpc', 'http'],
  weak: ['design', 'interface', 'versioning', 'pagination', 'contract'],
  category: 'development',
  subcategory: 'api-design',
  principle: "Design the API from the consumer's calls backwards, and never break a published contract.",
  triggers: [
    'new HTTP or GraphQL endpoints are being designed',
    'an existing API needs a breaking change',
    'error formats, pagination or versioning must be decided',
  ],
  areas: [
    { id: 'resources', label: 'Resource naming' },
    { id: 'errors', label: 'Error format' },
    { id: 'pagination', label: 'Pagination' },
    { id: 'versioning', label: 'Versioning and compatibility' },
    { id: 'idempotency', label: 'Idempotency and retries' },
  ],
  quickRef: [
    ['Naming', 'Plural nouns for collections, no verbs in paths'],
    ['Errors', 'One error shape with a stable machine-readable code'],
    ['Lists', 'Cursor pagination with a limit and a next cursor'],
    ['Changing a field', 'Add a new field and deprecate the old one; never repurpose it'],
    ['POST that creates', 'Accept an Idempotency-Key header'],
  ],
  patterns: [
    {
      title: 'Make creates safe to retry',
      steps: [
        'Clients send an Idempotency-Key with every create.',
        'The server stores the key with the response and replays it on a retry.',
        'A retry with the same key and a different body is rejected.',
      ],
      code: {
        lang: 'http',
        body: [
          'POST /v1/orders HTTP/1.1',
          'Idempotency-Key: 6f1c2b0e-8a1d-4c55-9a57-2f0b7d1e9c3a',
          'Content-Type: application/json',
          '',
          '{ "customer_id": "cus_123", "items": [{ "sku": "A-1", "quantity": 2 }] }',
        ].join('\n'),
      },
    },
    {
      title: 'Use one error shape everywhere',
      steps: [
        'A stable code for programs, a message for people, details for the fix.',
        'Map each code to one HTTP status and document it.',
      ],
      code: {
        lang: 'json',
        body: [
          '{',
          '  "error": {',
          '    "code": "insufficient_stock",',
          '    "message": "SKU A-1 has 1 unit left; requested 2.",',
          '    "details": { "sku": "A-1", "available": 1 }',
          '  }',
          '}',
        ].join('\n'),
      },
    },
  ],
  mistakes: [
    'Verbs in URLs such as /getOrders',
    'A different error shape per endpoint',
    'Offset pagination on large, changing collections',
    'Renaming or removing a field in place',
    'Returning 200 with an error message in the body',
  ],
  redFlags: [
    'A field removed or renamed in a published version',
    'An endpoint with no documented error responses',
    'A list endpoint without a limit',
    'A non-idempotent create endpoint that clients retry',
  ],
  shortcut: 'rename the field in place',
  rule: 'keep the published contract backwards compatible',
  outOfScope: 'implementing the server internals or choosing a web framework',
  verify: 'a schema diff against the published version shows no breaking changes',
};
