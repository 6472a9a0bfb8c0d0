// The executable schema: importing the type files registers them on the builder.
import { lexicographicSortSchema } from 'graphql';
import { builder } from './builder';
import './scalars';
import './enums';
import './errors';
import './viewer';
import './hitl';
import './job';
import './skill';
import './mutations';
import './subscriptions';

export const schema = lexicographicSortSchema(builder.toSchema());
