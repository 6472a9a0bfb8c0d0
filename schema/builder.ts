// The Pothos builder: plugins and scalars only. Types live one file per entity beside it.
import SchemaBuilder from '@pothos/core';
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
  plugins: [PrismaPlugin, RelayPlugin],
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
    nodeQueryOptions: { description: 'Any object by its opaque global id.' },
    nodesQueryOptions: false,
  },
});

builder.queryType({ description: 'Read the jobs, prompts and skills you may see.' });
