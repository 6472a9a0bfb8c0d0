// The spans the service makes (GraphQL operations, workflow phases, their commits, model calls), through the
// OpenTelemetry API only: without a started SDK (./sdk.ts) every helper here runs its function and nothing else.
// A failed span gets status ERROR and an exception event that names the error's kind and where it was thrown, never
// its message: messages can quote what users wrote or what a model answered, and traces leave the service.
import {
  INVALID_SPAN_CONTEXT,
  SpanKind,
  SpanStatusCode,
  context,
  trace,
  type Attributes,
  type Context,
  type Span,
} from '@opentelemetry/api';

const TRACER_NAME = 'skills-fleet';

let enabled = false;

/** Called once an SDK is registered (./sdk.ts): from then on the helpers record spans. */
export function markTracingEnabled(on: boolean): void {
  enabled = on;
}

export function tracingEnabled(): boolean {
  return enabled;
}

/** The error's kind, as a trace may show it: its code when it has one (LLM_TIMEOUT, P1001, ...), else its class. */
export function errorKind(error: unknown): string {
  if (error instanceof Error) {
    const code = (error as { code?: unknown }).code;
    return typeof code === 'string' && /^[\w.-]{1,64}$/.test(code) ? `${error.name}:${code}` : error.name;
  }
  return typeof error;
}

/** The stack's frames without its first line (the message). */
function framesOf(error: unknown): string | undefined {
  if (!(error instanceof Error) || !error.stack) return undefined;
  const frames = error.stack.split('\n').filter((line) => /^\s+at /.test(line));
  return frames.length > 0 ? frames.join('\n') : undefined;
}

/** Status ERROR and an exception event without the message (see the header). */
export function markFailed(span: Span, error: unknown): void {
  markFailedAs(span, errorKind(error), framesOf(error));
}

/** A failure that is an outcome rather than a thrown error (an HTTP 503 that will be retried): named by `kind`. */
export function markFailedAs(span: Span, kind: string, frames?: string): void {
  span.addEvent('exception', {
    'exception.type': kind,
    'exception.message': kind,
    ...(frames ? { 'exception.stacktrace': frames } : {}),
  });
  span.setAttribute('error.type', kind);
  span.setStatus({ code: SpanStatusCode.ERROR, message: kind });
}

export interface SpanOptions {
  attributes?: Attributes;
  kind?: SpanKind;
  /** The parent (default: the active context). */
  parent?: Context;
  /** Errors that are an outcome, not a failure (e.g. a superseded commit): recorded as `outcome`, status left unset. */
  expected?: (error: unknown) => string | undefined;
}

/** Runs `fn` in a span that is active for everything `fn` starts (child spans, injected trace context). */
export async function inSpan<T>(name: string, options: SpanOptions, fn: (span: Span) => Promise<T>): Promise<T> {
  if (!enabled) return fn(NOT_TRACED.span);
  const span = startSpan(name, options);
  try {
    return await span.run(() => fn(span.span));
  } catch (error) {
    span.end(error);
    throw error;
  } finally {
    span.end();
  }
}

export interface StartedSpan {
  readonly span: Span;
  /** Runs `fn` with this span active. */
  run<T>(fn: () => Promise<T>): Promise<T>;
  /** Ends the span once (later calls do nothing); with an error it is a failure unless `expected` says otherwise. */
  end(error?: unknown, attributes?: Attributes): void;
}

/** What startSpan gives without tracing: nothing recorded, nothing allocated per call. */
const NOT_TRACED: StartedSpan = {
  span: trace.wrapSpanContext(INVALID_SPAN_CONTEXT),
  run: (fn) => fn(),
  end: () => undefined,
};

/** A span ended by the caller, for code whose exits are spread out (the phase loop). */
export function startSpan(name: string, options: SpanOptions = {}): StartedSpan {
  if (!enabled) return NOT_TRACED;
  const parent = options.parent ?? context.active();
  const span = trace
    .getTracer(TRACER_NAME)
    .startSpan(name, { kind: options.kind ?? SpanKind.INTERNAL, attributes: options.attributes }, parent);
  const active = trace.setSpan(parent, span);
  let ended = false;
  return {
    span,
    run: (fn) => context.with(active, fn),
    end(error, attributes) {
      if (ended) return;
      ended = true;
      if (attributes) span.setAttributes(attributes);
      if (error !== undefined) {
        const outcome = options.expected?.(error);
        if (outcome) span.setAttribute('skills_fleet.outcome', outcome);
        else markFailed(span, error);
      }
      span.end();
    },
  };
}
