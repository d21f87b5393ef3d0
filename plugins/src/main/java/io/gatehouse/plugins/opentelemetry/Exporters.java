package io.gatehouse.plugins.opentelemetry;

import io.gatehouse.core.Version;
import io.gatehouse.plugins.logqueue.QueueConfig;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.common.AttributesBuilder;
import io.opentelemetry.api.logs.Logger;
import io.opentelemetry.api.logs.LoggerProvider;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.api.trace.TracerProvider;
import io.opentelemetry.exporter.otlp.http.logs.OtlpHttpLogRecordExporter;
import io.opentelemetry.exporter.otlp.http.logs.OtlpHttpLogRecordExporterBuilder;
import io.opentelemetry.exporter.otlp.http.trace.OtlpHttpSpanExporter;
import io.opentelemetry.exporter.otlp.http.trace.OtlpHttpSpanExporterBuilder;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.logs.SdkLoggerProvider;
import io.opentelemetry.sdk.logs.export.BatchLogRecordProcessor;
import io.opentelemetry.sdk.resources.Resource;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.export.BatchSpanProcessor;
import io.opentelemetry.sdk.trace.samplers.Sampler;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * The process's OTLP/HTTP exporters, one per way of exporting ({@link OpenTelemetryConfig#exportKey}):
 * instances with equal settings share a batch processor, as Kong's instances share a queue. An
 * instance holds its {@link Export} from prepare to retire; the last one to let go shuts the
 * exporter down after a short grace, which sends what it still queues. The queue settings map onto the SDK's batch
 * processor: {@code max_batch_size} is the export batch, {@code max_coalescing_delay} the schedule
 * delay, {@code max_entries} the queue size. Spans reach the collector as protobuf through the
 * JDK's HTTP client (the exporter's JDK sender).
 */
final class Exporters {
  /** Kong's instrumentation scope for its own spans and logs. */
  static final String SCOPE = "kong-internal";
  static final String SCOPE_VERSION = "0.1.0";

  /** What an export carries. */
  enum Signal { TRACES, LOGS }

  private static final Map<String, Export> LIVE = new HashMap<>(); // guarded by Exporters.class
  private static final Set<Export> CLOSING = new java.util.HashSet<>(); // released, in their grace; guarded likewise

  static {
    // the process ends: what is still queued is sent (Kong's queues flush when a worker exits)
    Runtime.getRuntime().addShutdownHook(new Thread(Exporters::closeAll, "opentelemetry-exporters-exit"));
  }

  private Exporters() {}

  /** The shared export of these settings, held until {@link #release}. */
  static synchronized Export acquire(Signal signal, OpenTelemetryConfig config, String nodeId) {
    String endpoint = signal == Signal.TRACES ? config.tracesEndpoint() : config.logsEndpoint();
    if (endpoint == null) throw new IllegalArgumentException("config: no endpoint for " + signal);
    Export e = LIVE.computeIfAbsent(signal + " " + config.exportKey(endpoint),
        k -> new Export(k, signal, config, endpoint, nodeId));
    e.holders++;
    return e;
  }

  /**
   * Requests that began under a replaced configuration may still be in their log phase (it runs
   * after the response went out): the last holder's export keeps taking spans this long, then
   * shuts down.
   */
  static final Duration GRACE = Duration.ofSeconds(2);

  /** Lets go of an export; after the last holder it takes no new holder and shuts down after {@link #GRACE} (sending its queue). */
  static synchronized void release(Export e) {
    if (--e.holders > 0) return;
    LIVE.remove(e.key, e);
    CLOSING.add(e);
    java.util.concurrent.CompletableFuture.delayedExecutor(GRACE.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS)
        .execute(() -> {
          synchronized (Exporters.class) {
            CLOSING.remove(e);
          }
          e.close();
        });
  }

  private static void closeAll() {
    List<Export> all;
    synchronized (Exporters.class) {
      all = new ArrayList<>(LIVE.values());
      all.addAll(CLOSING);
    }
    List<CompletableResultCode> done = new ArrayList<>();
    for (Export e : all) done.addAll(e.close());
    CompletableResultCode.ofAll(done).join(5, java.util.concurrent.TimeUnit.SECONDS);
  }

  /** The keys of the exports some instance holds (tests). */
  static synchronized Set<String> liveKeys() {
    return Set.copyOf(LIVE.keySet());
  }

  /** One exporter and its batch processor, started on first use. */
  static final class Export {
    final String key;
    private final Signal signal;
    private final OpenTelemetryConfig config;
    private final String endpoint;
    private final String nodeId;
    private int holders; // guarded by Exporters.class
    private @Nullable SdkTracerProvider traces;
    private @Nullable SdkLoggerProvider logs;
    private volatile @Nullable Tracer tracer;
    private volatile @Nullable Logger logger;
    private boolean closed;

    private Export(String key, Signal signal, OpenTelemetryConfig config, String endpoint, String nodeId) {
      this.key = key;
      this.signal = signal;
      this.config = config;
      this.endpoint = endpoint;
      this.nodeId = nodeId;
    }

    Tracer tracer() {
      Tracer t = tracer;
      return t != null ? t : startTraces();
    }

    Logger logger() {
      Logger l = logger;
      return l != null ? l : startLogs();
    }

    private synchronized Tracer startTraces() {
      if (tracer != null) return tracer;
      if (closed || signal != Signal.TRACES) return TracerProvider.noop().get(SCOPE); // a late request after retire
      OtlpHttpSpanExporterBuilder exporter = OtlpHttpSpanExporter.builder()
          .setEndpoint(endpoint)
          .setConnectTimeout(Duration.ofMillis(config.connectTimeout()))
          .setTimeout(Duration.ofMillis((long) config.sendTimeout() + config.readTimeout()));
      headers(config).forEach(exporter::addHeader);
      QueueConfig q = config.effectiveQueue();
      traces = SdkTracerProvider.builder()
          .setResource(resource(config, nodeId))
          .setIdGenerator(ChosenIds.INSTANCE)
          .setSampler(Sampler.alwaysOn()) // Kong's decision is made in the access phase; unsampled spans are never built
          .addSpanProcessor(BatchSpanProcessor.builder(exporter.build())
              .setMaxExportBatchSize(Math.min(q.maxBatchSize(), q.maxEntries()))
              .setMaxQueueSize(q.maxEntries())
              .setScheduleDelay(delay(q))
              .build())
          .build();
      Tracer t = traces.get(SCOPE, SCOPE_VERSION);
      tracer = t;
      return t;
    }

    private synchronized Logger startLogs() {
      if (logger != null) return logger;
      if (closed || signal != Signal.LOGS) return LoggerProvider.noop().get(SCOPE);
      OtlpHttpLogRecordExporterBuilder exporter = OtlpHttpLogRecordExporter.builder()
          .setEndpoint(endpoint)
          .setConnectTimeout(Duration.ofMillis(config.connectTimeout()))
          .setTimeout(Duration.ofMillis((long) config.sendTimeout() + config.readTimeout()));
      headers(config).forEach(exporter::addHeader);
      QueueConfig q = config.effectiveQueue();
      logs = SdkLoggerProvider.builder()
          .setResource(resource(config, nodeId))
          .addLogRecordProcessor(BatchLogRecordProcessor.builder(exporter.build())
              .setMaxExportBatchSize(Math.min(q.maxBatchSize(), q.maxEntries()))
              .setMaxQueueSize(q.maxEntries())
              .setScheduleDelay(delay(q))
              .build())
          .build();
      Logger l = logs.loggerBuilder(SCOPE).setInstrumentationVersion(SCOPE_VERSION).build();
      logger = l;
      return l;
    }

    /** Shuts the exporter down without waiting: the SDK sends the queued batch, then stops its thread. */
    private synchronized List<CompletableResultCode> close() {
      if (closed) return List.of();
      closed = true;
      tracer = null;
      logger = null;
      List<CompletableResultCode> done = new ArrayList<>(2);
      if (traces != null) done.add(traces.shutdown());
      if (logs != null) done.add(logs.shutdown());
      return done;
    }
  }

  private static Duration delay(QueueConfig q) {
    return Duration.ofMillis(Math.max(1, (long) (q.maxCoalescingDelay() * 1000)));
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
