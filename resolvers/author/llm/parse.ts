// Turning a model's message content into a JSON value. json_object mode usually yields bare JSON, but models
// behind OpenAI-compatible servers still wrap it in ```json fences or put a sentence before it; both are accepted.

export type ParseResult = { ok: true; value: unknown } | { ok: false; error: string };

const WHOLE_FENCE = /^```[a-zA-Z0-9_-]*[ \t]*\r?\n([\s\S]*?)\r?\n?```$/;
const INNER_FENCE = /```(?:json|JSON)?[ \t]*\r?\n([\s\S]*?)\r?\n?```/;

/** Strips one surrounding markdown code fence (```json ... ``` or ``` ... ```), if present. */
export function stripFence(text: string): string {
  const trimmed = text.trim();
  const whole = WHOLE_FENCE.exec(trimmed);
  return whole ? (whole[1] ?? '').trim() : trimmed;
}

export function parseJsonContent(content: string): ParseResult {
  const text = stripFence(content);
  if (text === '') return { ok: false, error: 'the response was empty; expected a JSON object' };
  let firstError: string;
  try {
    return { ok: true, value: JSON.parse(text) };
  } catch (err) {
    firstError = err instanceof Error ? err.message : String(err);
  }
  // Prose around the JSON: try a fenced block inside it, then the outermost {...}.
  const inner = INNER_FENCE.exec(text)?.[1];
  const candidates: string[] = [];
  if (inner !== undefined) candidates.push(inner.trim());
  const start = text.indexOf('{');
  const end = text.lastIndexOf('}');
  if (start !== -1 && end > start) candidates.push(text.slice(start, end + 1));
  for (const candidate of candidates) {
    try {
      return { ok: true, value: JSON.parse(candidate) };
    } catch {
      // fall through to the next candidate, then to the first error
    }
  }
  return { ok: false, error: `the response is not valid JSON (${firstError})` };
}
