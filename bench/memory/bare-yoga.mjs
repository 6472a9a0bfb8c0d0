// The memory benchmark's baseline: a bare graphql-yoga server with Skills Fleet's schema (schema.graphql, no
// resolvers, no database), run by plain node. Prints `bare yoga ready at <url>` once it listens.
import fs from 'node:fs';
import { createServer } from 'node:http';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildSchema } from 'graphql';
import { createYoga } from 'graphql-yoga';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const schema = buildSchema(fs.readFileSync(path.join(root, 'schema.graphql'), 'utf8'));
const server = createServer(createYoga({ schema, graphiql: false, logging: false }));
server.listen(0, '127.0.0.1', () => {
  const address = server.address();
  process.stdout.write(`bare yoga ready at http://127.0.0.1:${address.port}\n`);
});
process.on('SIGTERM', () => server.close(() => process.exit(0)));
