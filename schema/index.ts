// The executable schema: importing the type files registers them on the builder.
import { lexicographicSortSchema } from 'graphql';
import { builder } from './builder';
import './scalars';
import './enums';
import './hitl';
import './job';

export const schema = lexicographicSortSchema(builder.toSchema());
