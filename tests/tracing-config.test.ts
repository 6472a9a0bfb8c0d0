// When tracing is on: the OTLP endpoint variables decide, OTEL_SDK_DISABLED overrides them, and what cannot work is
// refused at start with the variable named.
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../resolvers/config';

function problemsOf(env: NodeJS.ProcessEnv): string[] {
  try {
    loadConfig(env);
  } catch (error) {
    if (error instanceof ConfigError) return error.problems;
    throw error;
  }
  return [];
}

describe('tracing settings', () => {
  it('is off without an OTLP endpoint, whatever else is set', () => {
    expect(loadConfig({ OTEL_SERVICE_NAME: 'x', OTEL_TRACES_SAMPLER: 'always_on' }).tracing).toBeUndefined();
    expect(loadConfig({ OTEL_EXPORTER_OTLP_ENDPOINT: '  ' }).tracing).toBeUndefined();
  });

  it('is on with either endpoint, the traces one first, and logs only its origin', () => {
    expect(loadConfig({ OTEL_EXPORTER_OTLP_ENDPOINT: 'http://user:secret@collector:4318/base' }).tracing).toEqual({
      serviceName: 'skills-fleet',
      endpointOrigin: 'http://collector:4318',
    });
    expect(
      loadConfig({
        OTEL_EXPORTER_OTLP_ENDPOINT: 'http://collector:4318',
        OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: 'https://traces.example:443/v1/traces',
        OTEL_SERVICE_NAME: 'fleet-eu',
      }).tracing,
    ).toEqual({ serviceName: 'fleet-eu', endpointOrigin: 'https://traces.example' });
  });

  it('OTEL_SDK_DISABLED=true turns it off despite an endpoint', () => {
    const env = { OTEL_EXPORTER_OTLP_ENDPOINT: 'http://collector:4318', OTEL_SDK_DISABLED: 'true' };
    expect(loadConfig(env).tracing).toBeUndefined();
  });

  it('refuses an endpoint that is not an http(s) URL, and gRPC, naming the variable', () => {
    expect(problemsOf({ OTEL_EXPORTER_OTLP_ENDPOINT: 'collector:4317' })).toEqual([
      expect.stringMatching(/^OTEL_EXPORTER_OTLP_ENDPOINT: /),
    ]);
    expect(
      problemsOf({ OTEL_EXPORTER_OTLP_ENDPOINT: 'http://collector:4317', OTEL_EXPORTER_OTLP_PROTOCOL: 'grpc' }),
    ).toEqual(['OTEL_EXPORTER_OTLP_PROTOCOL: grpc is not supported; traces are sent over OTLP/HTTP (http/json)']);
  });
});
