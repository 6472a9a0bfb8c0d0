// Starts OpenTelemetry tracing when the configuration asks for it (an OTLP endpoint is set): the SDK is imported
// here, lazily, so a process without tracing never loads it. The standard OTEL_* variables configure the rest
// (OTEL_SERVICE_NAME, OTEL_RESOURCE_ATTRIBUTES, OTEL_TRACES_SAMPLER, OTEL_EXPORTER_OTLP_HEADERS, OTEL_BSP_*, ...):
// the SDK's own parts read them. Spans go out over OTLP/HTTP (JSON) in batches.
import { DiagLogLevel, diag } from '@opentelemetry/api';
import type { TracingSettings } from '../config';
import type { Logger } from '../logger';
import { markTracingEnabled } from './spans';

export interface Tracing {
  /** Flushes the spans still buffered and stops exporting; bounded by `timeoutMs`, it never throws. */
  shutdown(timeoutMs: number): Promise<void>;
}

export async function startTracing(
  settings: TracingSettings,
  process: { mode: string },
  logger: Logger,
): Promise<Tracing> {
  const [{ NodeTracerProvider, BatchSpanProcessor }, { OTLPTraceExporter }, resources] = await Promise.all([
    import('@opentelemetry/sdk-trace-node'),
    import('@opentelemetry/exporter-trace-otlp-http'),
    import('@opentelemetry/resources'),
  ]);
  // The SDK's own problems (an export that failed, a bad OTEL_* value) go to the service's log, once per problem.
  diag.setLogger(
    {
      error: (message) => logger.warn({ source: 'opentelemetry' }, message),
      warn: (message) => logger.warn({ source: 'opentelemetry' }, message),
      info: () => undefined,
      debug: () => undefined,
      verbose: () => undefined,
    },
    DiagLogLevel.WARN,
  );
  // OTEL_SERVICE_NAME and OTEL_RESOURCE_ATTRIBUTES (the env detector) win over the defaults.
  const resource = resources
    .defaultResource()
    .merge(
      resources.resourceFromAttributes({
        'service.name': settings.serviceName,
        'skills_fleet.process': process.mode,
        'process.pid': globalThis.process.pid,
      }),
    )
    .merge(resources.detectResources({ detectors: [resources.envDetector] }));
  const provider = new NodeTracerProvider({
    resource,
    spanProcessors: [new BatchSpanProcessor(new OTLPTraceExporter())],
  });
  // The global tracer, the AsyncLocalStorage context manager and the W3C trace-context propagator.
  provider.register();
  markTracingEnabled(true);
  logger.info({ endpoint: settings.endpointOrigin, serviceName: settings.serviceName }, 'tracing on (OTLP/HTTP)');
  const tracing: Tracing = {
    async shutdown(timeoutMs) {
      markTracingEnabled(false);
      let timer: NodeJS.Timeout | undefined;
      const late = new Promise<'late'>((resolve) => (timer = setTimeout(() => resolve('late'), timeoutMs)));
      const done = provider.shutdown().then(
        () => 'done' as const,
        (error: unknown) => {
          logger.warn({ error: error instanceof Error ? error.message : String(error) }, 'tracing: last export failed');
          return 'done' as const;
        },
      );
      const how = await Promise.race([done, late]);
      clearTimeout(timer);
      if (how === 'late') logger.warn({ timeoutMs }, 'tracing: spans not flushed within the stop budget');
    },
  };
  return tracing;
}
