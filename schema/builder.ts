// The Pothos builder: plugins and scalars only. Types live one file per entity beside it.
import SchemaBuilder from '@pothos/core';
import ErrorsPlugin from '@pothos/plugin-errors';
import PrismaPlugin from '@pothos/plugin-prisma';
import RelayPlugin from '@pothos/plugin-relay';
import type PrismaTypes from '../prisma/generated/pothos-types';
import { getDatamodel } from '../prisma/generated/pothos-types';
import type { Services } from '../resolvers/services';
import type { Viewer } from '../resolvers/viewer';

export interface GraphQLContext {
  services: Services;
  viewer: Viewer;
  requestId: string;
}

export const builder = new SchemaBuilder<{
  PrismaTypes: PrismaTypes;
  Context: GraphQLContext;
  DefaultFieldNullability: false;
  Scalars: {
    DateTime: { Input: Date; Output: Date | string };
    JSON: { Input: unknown; Output: unknown };
    UUID: { Input: string; Output: string };
  };
}>({
  defaultFieldNullability: false,
  plugins: [ErrorsPlugin, PrismaPlugin, RelayPlugin],
  // A mutation's payload union holds its success object itself (no wrapper with a `data` field); see schema/errors.ts.
  errors: { directResult: true },
  prisma: {
    client: (ctx) => ctx.services.prisma,
    dmmf: getDatamodel(),
    exposeDescriptions: false,
    filterConnectionTotalCount: true,
    onUnusedQuery: null,
  },
  relay: {
    clientMutationId: 'omit',
    cursorType: 'String',
    nodeQueryOptions: {
      description: 'Any object by its opaque global id; null when it does not exist or is not yours.',
      args: { id: { description: 'The global id (Job, HitlInteraction or Skill).' } },
    },
    nodesQueryOptions: false,
    // Descriptions of what the relay plugin generates (schema.graphql documents everything).
    nodeTypeOptions: { description: 'An object with an opaque global id; node(id:) loads any of them.' },
    idFieldOptions: { description: 'Opaque global id.' },
    pageInfoTypeOptions: { description: 'Where a page sits in its list.' },
    hasNextPageFieldOptions: { description: 'Whether there are items after this page.' },
    hasPreviousPageFieldOptions: { description: 'Whether there are items before this page.' },
    startCursorFieldOptions: { description: 'The cursor of the first item of the page.' },
    endCursorFieldOptions: {
      description: 'The cursor of the last item of the page; pass it as `after` for the next page.',
    },
    edgesFieldOptions: { description: 'The items of this page.' },
    pageInfoFieldOptions: { description: 'Whether there is more, and the cursors.' },
    cursorFieldOptions: { description: 'Pass as `after` (or `before`) to page from this item.' },
    nodeFieldOptions: { description: 'The item.' },
    firstArgOptions: { description: 'Page size from the start (or after `after`).' },
    afterArgOptions: { description: 'Return the items after this cursor.' },
    lastArgOptions: { description: 'Page size from the end (or before `before`).' },
    beforeArgOptions: { description: 'Return the items before this cursor.' },
  },
});

builder.queryType({ description: 'Read the jobs, prompts and skills you may see.' });
