// GET /metrics (Prometheus text format, behind METRICS_TOKEN when set) and the GraphQL side of the metrics:
// @graphql-yoga/plugin-prometheus counts operations, their durations and errors per operation name and type (no
// field, path or URL labels: those would grow without bound).
import { usePrometheus } from '@graphql-yoga/plugin-prometheus';
import type { Plugin } from 'graphql-yoga';
import { scrape, type MetricsRegistry } from '../metrics';

export function useMetrics(metrics: MetricsRegistry): Plugin[] {
  return [
    {
      async onRequest({ url, request, endResponse }) {
        if (url.pathname === '/metrics' && request.method === 'GET') {
          endResponse(await scrape(metrics, request.headers.get('authorization')));
        }
      },
    },
    usePrometheus({
      registry: metrics.registry,
      endpoint: false,
      skipIntrospection: true,
      metrics: {
        graphql_envelop_request: true,
        graphql_envelop_request_duration: true,
        // The same timing as the histogram above, with quantiles computed in each process: off.
        graphql_envelop_request_time_summary: false,
        graphql_envelop_error_result: true,
        graphql_envelop_phase_parse: true,
        graphql_envelop_phase_validate: true,
        graphql_envelop_phase_context: true,
        graphql_envelop_phase_execute: true,
        graphql_envelop_phase_subscribe: true,
        graphql_envelop_deprecated_field: false,
      },
      labels: {
        operationName: true,
        operationType: true,
        fieldName: false,
        typeName: false,
        returnType: false,
        path: false,
        phase: true,
        method: false,
        statusCode: false,
        url: false,
      },
    }),
  ];
}
