import { loadConfig, type ConfigError } from '../../src/platform/config';

const problemsOf = (env: Record<string, string>) => {
  try {
    loadConfig(env);
    return [];
  } catch (error) {
    return (error as ConfigError).problems;
  }
};

describe('observability configuration', () => {
  it('serves metrics on 9464 by default, and METRICS_PORT=0 turns them off', () => {
    expect(loadConfig({}).metrics.port).toBe(9464);
    expect(loadConfig({ METRICS_PORT: '0' }).metrics.port).toBe(0);
    expect(problemsOf({ METRICS_PORT: 'ninety' })).toEqual([expect.stringContaining('METRICS_PORT')]);
  });

  it('traces only when an OTLP endpoint is set, with the standard defaults', () => {
    expect(loadConfig({}).tracing).toBeNull();
    expect(loadConfig({ OTEL_EXPORTER_OTLP_ENDPOINT: 'http://tempo:4318/' }).tracing).toEqual({
      serviceName: 'inkwell-api',
      tracesUrl: 'http://tempo:4318/v1/traces',
      protocol: 'http/protobuf',
      sampler: 'parentbased_traceidratio',
      samplerRatio: 1,
    });
    expect(
      loadConfig({
        OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: 'https://collector.example/custom/path',
        OTEL_EXPORTER_OTLP_PROTOCOL: 'http/json',
        OTEL_SERVICE_NAME: 'inkwell-worker',
        OTEL_TRACES_SAMPLER: 'traceidratio',
        OTEL_TRACES_SAMPLER_ARG: '0.25',
      }).tracing,
    ).toMatchObject({
      tracesUrl: 'https://collector.example/custom/path',
      protocol: 'http/json',
      serviceName: 'inkwell-worker',
      sampler: 'traceidratio',
      samplerRatio: 0.25,
    });
    expect(
      loadConfig({ OTEL_EXPORTER_OTLP_ENDPOINT: 'http://tempo:4318', OTEL_SDK_DISABLED: 'true' }).tracing,
    ).toBeNull();
  });

  it('refuses what it cannot honour, one line per problem', () => {
    expect(problemsOf({ OTEL_EXPORTER_OTLP_ENDPOINT: 'tempo:4318' })).toEqual([
      expect.stringContaining('OTEL_EXPORTER_OTLP_ENDPOINT'),
    ]);
    expect(
      problemsOf({ OTEL_EXPORTER_OTLP_ENDPOINT: 'http://tempo:4317', OTEL_EXPORTER_OTLP_PROTOCOL: 'grpc' }),
    ).toEqual([expect.stringContaining('grpc is not supported')]);
    expect(problemsOf({ OTEL_TRACES_SAMPLER: 'sometimes' })).toEqual([expect.stringContaining('OTEL_TRACES_SAMPLER')]);
    expect(problemsOf({ OTEL_TRACES_SAMPLER_ARG: '1.5' })).toEqual([
      expect.stringContaining('OTEL_TRACES_SAMPLER_ARG'),
    ]);
  });
});
