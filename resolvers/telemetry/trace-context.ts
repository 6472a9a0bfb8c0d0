// A job's trace context as it travels: the W3C `traceparent` of the request that created the job, kept in the job's
// row (jobs.trace_parent) and put in every task payload of the job, so the worker parents the job's phases on it and
// one job is one trace across the API and the workers.
import { ROOT_CONTEXT, context, propagation, type Context } from '@opentelemetry/api';
import { tracingEnabled } from './spans';

/** version-traceid-spanid-flags (https://www.w3.org/TR/trace-context/#traceparent-header), version 00. */
export const TRACEPARENT_PATTERN = /^00-[0-9a-f]{32}-[0-9a-f]{16}-[0-9a-f]{2}$/;

/** The active context's traceparent (e.g. the createSkillJob operation's span), or null without tracing. */
export function activeTraceParent(): string | null {
  if (!tracingEnabled()) return null;
  const carrier: Record<string, string> = {};
  propagation.inject(context.active(), carrier);
  const traceparent = carrier['traceparent'];
  return traceparent && TRACEPARENT_PATTERN.test(traceparent) ? traceparent : null;
}

/** The context a task runs in: its payload's traceparent as the remote parent; none: the root (a trace of its own). */
export function contextOf(traceparent: string | null | undefined): Context {
  if (!tracingEnabled() || !traceparent) return ROOT_CONTEXT;
  return propagation.extract(ROOT_CONTEXT, { traceparent });
}

/** Runs `fn` with the task's trace context active. */
export function withTraceParent<T>(traceparent: string | null | undefined, fn: () => Promise<T>): Promise<T> {
  if (!tracingEnabled()) return fn();
  return context.with(contextOf(traceparent), fn);
}
