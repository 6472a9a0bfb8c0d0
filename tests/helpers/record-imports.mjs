// Loaded with `node --import`: appends to $RECORD_IMPORTS_FILE the URL of every module the process resolves from an
// @opentelemetry package, so a test can tell which parts of OpenTelemetry a service process loaded.
import { register } from 'node:module';

if (process.env.RECORD_IMPORTS_FILE)
  register('./record-imports-hooks.mjs', import.meta.url, { data: { file: process.env.RECORD_IMPORTS_FILE } });
