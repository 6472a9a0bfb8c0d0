// Who is asking, as the server sees it (from the bearer token, or the dev-mode x-user-id header).
import type { Viewer } from '../resolvers/viewer';
import { builder } from './builder';

const ViewerRef = builder.objectRef<Viewer>('Viewer').implement({
  description: 'The authenticated user of this request.',
  fields: (t) => ({
    userId: t.exposeString('userId', { description: 'The user id (the token subject).' }),
    isAdmin: t.exposeBoolean('isAdmin', { description: 'Admins see and act on every job.' }),
  }),
});

builder.queryField('viewer', (t) =>
  t.field({
    type: ViewerRef,
    description: 'Who you are authenticated as.',
    resolve: (_root, _args, ctx) => ctx.viewer,
  }),
);
