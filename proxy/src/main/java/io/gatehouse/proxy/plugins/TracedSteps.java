package io.gatehouse.proxy.plugins;

import io.gatehouse.core.records.QueryTrace;
import io.gatehouse.sdk.HttpCalls;
import io.gatehouse.sdk.TracedSpan;
import io.gatehouse.sdk.TracingSettings;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.jspecify.annotations.Nullable;

/**
 * One request's recorded steps for tracing (Kong's core instrumentations other than the request
 * and balancer spans): made only when {@code tracing_instrumentations} asks for one of them and
 * the request may be sampled ({@link SpanDecision}), so a node with tracing off, and an unsampled
 * request, allocate nothing for it. Times are taken with {@link System#nanoTime}
 * and placed on the wall clock from one reading made when the request began.
 *
 * <p>Steps on the request's event loop go straight into the list. Store statements
 * ({@code db_query}) and outbound HTTP calls ({@code http_client}) end on other threads, maybe
 * while the loop reads the list (a client that left): they wait in a concurrent queue that
 * {@link #spans()} merges in start order.
 */
final class TracedSteps implements QueryTrace.Listener {
  /** Kong's instrumentation names this class records, one bit each. */
  enum Kind {
    ROUTER("router"), REWRITE("plugin_rewrite"), ACCESS("plugin_access"), HEADER_FILTER("plugin_header_filter"),
    DNS("dns_query"), DB_QUERY("db_query"), HTTP_CLIENT("http_client");

    final String setting;
    final int bit = 1 << ordinal();

    Kind(String setting) {
      this.setting = setting;
    }
  }

  private final int kinds;
  private final long wallNanosAtBase = System.currentTimeMillis() * 1_000_000L;
  private final long nanoBase = System.nanoTime();
  private final List<TracedSpan> spans = new ArrayList<>(8);
  private final @Nullable ConcurrentLinkedQueue<TracedSpan> offLoop;
  private final HttpCalls httpCalls;

  /** The request whose plugin handler runs on this thread and whose store statements are traced. */
  private static final ThreadLocal<@Nullable TracedSteps> RUNNING = new ThreadLocal<>();

  private TracedSteps(int kinds) {
    this.kinds = kinds;
    this.offLoop = (kinds & (Kind.DB_QUERY.bit | Kind.HTTP_CLIENT.bit)) != 0 ? new ConcurrentLinkedQueue<>() : null;
    this.httpCalls = records(Kind.HTTP_CLIENT) ? new TracedHttpCalls(this) : HttpCalls.DIRECT;
  }

  /** Where the request's handlers send outbound calls: traced under {@code http_client}. */
  HttpCalls httpCalls() {
    return httpCalls;
  }

  /** The kinds the settings record, as bits of {@link Kind}; 0 for none. */
  static int kinds(TracingSettings settings) {
    int k = 0;
    for (Kind kind : Kind.values()) {
      if (settings.enabled(kind.setting)) k |= kind.bit;
    }
    return k;
  }

  /** A recorder for a request, or null when nothing is recorded (no kinds, or {@link SpanDecision#SKIP}). */
  static @Nullable TracedSteps forRequest(int kinds, SpanDecision decision) {
    return kinds == 0 || decision == SpanDecision.SKIP ? null : new TracedSteps(kinds);
  }

  boolean records(Kind kind) {
    return (kinds & kind.bit) != 0;
  }

  /** A handler of this request starts on this thread: store calls it makes are traced until {@link #left}. */
  void entered() {
    RUNNING.set(this);
  }

  static void left() {
    RUNNING.remove();
  }

  /** The store-statement listener of the request whose handler runs on this thread, or null. */
  static QueryTrace.@Nullable Listener queriesOfRunningHandler() {
    return RUNNING.get();
  }

  /**
   * Kong's {@code kong.database.query}: internal, with {@code db.system} and {@code db.statement}; a
   * statement that failed carries the error as an event (Kong records nothing more). Any thread.
   */
  @Override
  public void ran(String system, String statement, long startNanos, long endNanos, @Nullable Throwable failure) {
    Map<String, Object> a = new LinkedHashMap<>();
    a.put("db.system", system);
    a.put("db.statement", statement);
    addOffLoop(new TracedSpan("kong.database.query", false, wall(startNanos), wall(Math.max(endNanos, startNanos)),
        a, false, failure == null ? null : String.valueOf(failure.getMessage()))); // Kong sets no status
  }

  /**
   * Kong's {@code kong.internal.request}: a client span with the call's {@code http.*} attributes
   * ({@code http.status_code} once answered); a call that failed carries the error as an event
   * only, as Kong records it. Any thread.
   */
  void httpCall(long startNanos, Map<String, Object> attributes, @Nullable Throwable failure) {
    long end = System.nanoTime();
    addOffLoop(new TracedSpan("kong.internal.request", true, wall(startNanos), wall(Math.max(end, startNanos)),
        attributes, false, failure == null ? null : String.valueOf(failure)));
  }

  private void addOffLoop(TracedSpan span) {
    if (offLoop != null) offLoop.add(span);
  }

  /** Kong's {@code kong.router}: internal, an error status when no route matched. */
  void router(long startNanos, boolean matched) {
    add("kong.router", false, startNanos, Map.of(), !matched, null); // Kong sets the status, records no error
  }

  /**
   * Kong's {@code kong.<phase>.plugin.<name>} (the name made with the snapshot, {@link BoundPlugin}):
   * internal; an access handler that threw carries the error.
   */
  void plugin(String spanName, long startNanos, @Nullable Throwable failure) {
    add(spanName, false, startNanos, Map.of(), failure != null, failure == null ? null : String.valueOf(failure));
  }

  /** Kong's {@code kong.dns}: client; the name, port and the address found, or the error. */
  void dns(long startNanos, String host, int port, @Nullable String ip, @Nullable String error) {
    Map<String, Object> a = new LinkedHashMap<>();
    a.put("dns.record.domain", host);
    a.put("dns.record.port", (long) port);
    if (ip != null) a.put("dns.record.ip", ip);
    add("kong.dns", true, startNanos, a, ip == null, ip == null ? (error == null ? "dns resolution failed" : error) : null);
  }

  private void add(String name, boolean client, long startNanos, Map<String, Object> attributes, boolean failed,
      @Nullable String error) {
    long end = System.nanoTime();
    spans.add(new TracedSpan(name, client, wall(startNanos), wall(Math.max(end, startNanos)), attributes, failed, error));
  }

  private long wall(long nanos) {
    return wallNanosAtBase + (nanos - nanoBase);
  }

  /** The spans so far, oldest first. Call on the request's loop. */
  List<TracedSpan> spans() {
    if (offLoop != null && !offLoop.isEmpty()) {
      for (TracedSpan s; (s = offLoop.poll()) != null; ) spans.add(s);
      spans.sort(Comparator.comparingLong(TracedSpan::startEpochNanos));
    }
    return spans;
  }
}
