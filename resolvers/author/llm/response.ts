// Reading an OpenAI-compatible endpoint's answer: the message content, the usage, Retry-After, network errors.

const RETRY_AFTER_MAX_S = 5;

export function isRecord(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

export function describeError(err: unknown): string {
  if (!(err instanceof Error)) return String(err);
  const cause = (err as { cause?: unknown }).cause;
  if (cause instanceof Error) {
    const code = (cause as { code?: unknown }).code;
    return `${err.message}: ${typeof code === 'string' ? `${code} ` : ''}${cause.message}`.trim();
  }
  return err.message;
}

export function retryAfterMs(header: string | null): number | undefined {
  if (header === null || !/^\s*\d+(\.\d+)?\s*$/.test(header)) return undefined;
  const seconds = Number(header);
  return seconds <= RETRY_AFTER_MAX_S ? Math.round(seconds * 1000) : undefined;
}

export function tokens(usage: Record<string, number> | undefined, key: string): number {
  const value = usage?.[key];
  return typeof value === 'number' && Number.isFinite(value) && value > 0 ? Math.round(value) : 0;
}

export function pickUsage(usage: unknown): Record<string, number> | undefined {
  if (!isRecord(usage)) return undefined;
  const out: Record<string, number> = {};
  for (const key of ['prompt_tokens', 'completion_tokens', 'total_tokens']) {
    const value = usage[key];
    if (typeof value === 'number') out[key] = value;
  }
  return Object.keys(out).length > 0 ? out : undefined;
}

/** message.content is a string for every server we target; some return an array of text parts. */
export function contentText(content: unknown): string | undefined {
  if (typeof content === 'string') return content;
  if (Array.isArray(content)) {
    const parts = content
      .map((part) => (isRecord(part) && typeof part['text'] === 'string' ? part['text'] : ''))
      .join('');
    return parts;
  }
  return undefined;
}
