// Types of build.mjs, for the browser tests' global setup.
export function isStale(): boolean;
export function buildConsole(): Promise<{ js: string; css: string; gzipped: number }>;
