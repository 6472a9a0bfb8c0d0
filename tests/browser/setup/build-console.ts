// The browser suite serves what `npm start` would: the console bundle, rebuilt when its sources changed.
import { buildConsole, isStale } from '../../../console/build.mjs';

export default async function setup(): Promise<void> {
  if (isStale()) await buildConsole();
}
