// `npm run migrate`: apply pending migrations (ours and graphile-worker's) and exit.
import { locateDatabase } from './database';
import { migrate } from './migrator';
import { loadConfig } from '../resolvers/config';

const config = loadConfig();
const location = await locateDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir, embeddedPort: config.embeddedPgPort, log: console.log });
try {
  const result = await migrate(location.url, { log: console.log });
  console.log(`applied ${result.applied.length} migration(s); ${result.alreadyApplied.length} already applied`);
} finally {
  await location.embedded?.stop();
}
