// Reading GET /metrics as Prometheus would: one scrape's text, and a sample's value by name and labels.

/** The value of the sample `name` whose labels include `labels`; 0 when there is none. */
export function sample(text: string, name: string, labels: Record<string, string> = {}): number {
  for (const line of text.split('\n')) {
    const match = /^([a-zA-Z_:][\w:]*)(?:\{(.*)\})? (\S+)$/.exec(line);
    if (!match || match[1] !== name) continue;
    const found = Object.fromEntries([...(match[2] ?? '').matchAll(/(\w+)="([^"]*)"/g)].map((m) => [m[1], m[2]]));
    if (Object.entries(labels).every(([key, value]) => found[key] === value)) return Number(match[3]);
  }
  return 0;
}

/** GET <baseUrl>/metrics; throws unless it is a 200 in the text format. */
export async function scrapeMetrics(baseUrl: string, token?: string): Promise<string> {
  const response = await fetch(`${baseUrl}/metrics`, {
    headers: token === undefined ? {} : { authorization: `Bearer ${token}` },
  });
  const text = await response.text();
  if (response.status !== 200 || !response.headers.get('content-type')?.includes('text/plain'))
    throw new Error(`GET ${baseUrl}/metrics: ${response.status} ${text.slice(0, 300)}`);
  return text;
}

/** The URL of a worker-only process's metrics server, from its "metrics listening" log line. */
export function workerMetricsUrl(output: string): string {
  const match = /"url":"(http:\/\/[^"]+)\/metrics","msg":"metrics listening"/.exec(output);
  if (!match) throw new Error(`the worker logged no "metrics listening" line:\n${output.slice(-2000)}`);
  return match[1]!;
}
