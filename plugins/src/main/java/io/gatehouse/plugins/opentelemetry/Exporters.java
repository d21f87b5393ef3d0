package io.gatehouse.plugins.opentelemetry;

import io.gatehouse.core.Version;
import io.gatehouse.plugins.logqueue.QueueConfig;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.common.AttributesBuilder;
import io.opentelemetry.api.logs.Logger;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.exporter.otlp.http.logs.OtlpHttpLogRecordExporter;
import io.opentelemetry.exporter.otlp.http.logs.OtlpHttpLogRecordExporterBuilder;
import io.opentelemetry.exporter.otlp.http.trace.OtlpHttpSpanExporter;
import io.opentelemetry.exporter.otlp.http.trace.OtlpHttpSpanExporterBuilder;
import io.opentelemetry.sdk.logs.SdkLoggerProvider;
import io.opentelemetry.sdk.logs.export.BatchLogRecordProcessor;
import io.opentelemetry.sdk.resources.Resource;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.export.BatchSpanProcessor;
import io.opentelemetry.sdk.trace.samplers.Sampler;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * The process's OTLP/HTTP exporters, one per way of exporting ({@link OpenTelemetryConfig#exportKey}):
 * instances with equal settings share a batch processor, as Kong's instances share a queue. The
 * queue settings map onto the SDK's batch processor: {@code max_batch_size} is the export batch,
 * {@code max_coalescing_delay} the schedule delay, {@code max_entries} the queue size. Spans reach
 * the collector as protobuf through the JDK's HTTP client (the exporter's JDK sender).
 */
final class Exporters {
  /** Kong's instrumentation scope for its own spans and logs. */
  static final String SCOPE = "kong-internal";
  static final String SCOPE_VERSION = "0.1.0";
  private static final ConcurrentMap<String, Tracer> TRACERS = new ConcurrentHashMap<>();
  private static final ConcurrentMap<String, Logger> LOGGERS = new ConcurrentHashMap<>();

  private Exporters() {}

  static Tracer tracer(OpenTelemetryConfig config, String nodeId) {
    String endpoint = config.tracesEndpoint();
    return TRACERS.computeIfAbsent(config.exportKey(endpoint), k -> {
      OtlpHttpSpanExporterBuilder exporter = OtlpHttpSpanExporter.builder()
          .setEndpoint(endpoint)
          .setConnectTimeout(Duration.ofMillis(config.connectTimeout()))
          .setTimeout(Duration.ofMillis((long) config.sendTimeout() + config.readTimeout()));
      headers(config).forEach(exporter::addHeader);
      QueueConfig q = config.effectiveQueue();
      SdkTracerProvider provider = SdkTracerProvider.builder()
          .setResource(resource(config, nodeId))
          .setIdGenerator(ChosenIds.INSTANCE)
          .setSampler(Sampler.alwaysOn()) // Kong's decision is made in the access phase; unsampled spans are never built
          .addSpanProcessor(BatchSpanProcessor.builder(exporter.build())
              .setMaxExportBatchSize(Math.min(q.maxBatchSize(), q.maxEntries()))
              .setMaxQueueSize(q.maxEntries())
              .setScheduleDelay(Duration.ofMillis(Math.max(1, (long) (q.maxCoalescingDelay() * 1000))))
              .build())
          .build();
      return provider.get(SCOPE, SCOPE_VERSION);
    });
  }

  static Logger logger(OpenTelemetryConfig config, String nodeId) {
    String endpoint = config.logsEndpoint();
    return LOGGERS.computeIfAbsent(config.exportKey(endpoint), k -> {
      OtlpHttpLogRecordExporterBuilder exporter = OtlpHttpLogRecordExporter.builder()
          .setEndpoint(endpoint)
          .setConnectTimeout(Duration.ofMillis(config.connectTimeout()))
          .setTimeout(Duration.ofMillis((long) config.sendTimeout() + config.readTimeout()));
      headers(config).forEach(exporter::addHeader);
      QueueConfig q = config.effectiveQueue();
      SdkLoggerProvider provider = SdkLoggerProvider.builder()
          .setResource(resource(config, nodeId))
          .addLogRecordProcessor(BatchLogRecordProcessor.builder(exporter.build())
              .setMaxExportBatchSize(Math.min(q.maxBatchSize(), q.maxEntries()))
              .setMaxQueueSize(q.maxEntries())
              .setScheduleDelay(Duration.ofMillis(Math.max(1, (long) (q.maxCoalescingDelay() * 1000))))
              .build())
          .build();
      return provider.loggerBuilder(SCOPE).setInstrumentationVersion(SCOPE_VERSION).build();
    });
  }

  private static Map<String, String> headers(OpenTelemetryConfig config) {
    return config.headers() == null ? Map.of() : config.headers();
  }

  /** Kong's resource: {@code service.name} kong, its version and node id, then the configured attributes. */
  private static Resource resource(OpenTelemetryConfig config, String nodeId) {
    AttributesBuilder a = Attributes.builder()
        .put("service.name", "kong")
        .put("service.instance.id", nodeId)
        .put("service.version", Version.KONG_COMPAT);
    if (config.resourceAttributes() != null) config.resourceAttributes().forEach(a::put);
    return Resource.create(a.build());
  }
}
