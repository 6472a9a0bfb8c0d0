// The span of one chat-completions request (an attempt), after OpenTelemetry's GenAI conventions: the model, the
// purpose, the tokens, the finish reason, the HTTP status. Never the messages or the answer: they are the user's
// task and the model's output.
import { SpanKind } from '@opentelemetry/api';
import { inSpan, markFailedAs } from '../../telemetry/spans';
import { tokens } from './response';

export interface ModelCall {
  endpoint: string;
  model: string;
  /** The caller's purpose: an author method (refine, draft, ...), agent, judge. */
  method: string;
  attempt: number;
  json: boolean;
  temperature: number;
}

/** What a request came to, as chat.ts reports it. */
interface Exchange {
  outcome: { kind: string; finishReason?: string; status?: number; code?: string };
  usage?: Record<string, number>;
}

export function modelCallSpan<T extends Exchange>(call: ModelCall, request: () => Promise<T>): Promise<T> {
  const url = new URL(call.endpoint);
  const attributes = {
    'gen_ai.operation.name': 'chat',
    'gen_ai.request.model': call.model,
    'gen_ai.request.temperature': call.temperature,
    'gen_ai.output.type': call.json ? 'json' : 'text',
    'server.address': url.hostname,
    'server.port': Number(url.port || (url.protocol === 'https:' ? 443 : 80)),
    'skills_fleet.llm.purpose': call.method,
    'skills_fleet.llm.attempt': call.attempt,
  };
  return inSpan(`chat ${call.model}`, { kind: SpanKind.CLIENT, attributes }, async (span) => {
    const exchange = await request();
    const { outcome, usage } = exchange;
    span.setAttributes({
      'gen_ai.usage.input_tokens': tokens(usage, 'prompt_tokens'),
      'gen_ai.usage.output_tokens': tokens(usage, 'completion_tokens'),
      ...(outcome.finishReason ? { 'gen_ai.response.finish_reasons': [outcome.finishReason] } : {}),
      ...(outcome.status !== undefined ? { 'http.response.status_code': outcome.status } : {}),
      'skills_fleet.outcome': outcome.kind,
    });
    // Answered with something unusable, or not at all: a failed call (retried or not, the caller decides).
    if (outcome.kind !== 'answer')
      markFailedAs(span, outcome.code ?? (outcome.status ? String(outcome.status) : outcome.kind));
    return exchange;
  });
}
