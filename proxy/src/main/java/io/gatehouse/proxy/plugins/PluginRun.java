package io.gatehouse.proxy.plugins;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.gatehouse.core.json.Json;
import io.gatehouse.core.model.Route;
import io.gatehouse.core.model.Service;
import io.gatehouse.sdk.AccessPhase;
import io.gatehouse.sdk.BodyLimit;
import io.gatehouse.sdk.BodyPhase;
import io.gatehouse.sdk.Consumer;
import io.gatehouse.sdk.Credential;
import io.gatehouse.sdk.HeaderPhase;
import io.gatehouse.sdk.LogEntry;
import io.gatehouse.sdk.LogPhase;
import io.gatehouse.sdk.Request;
import io.gatehouse.sdk.ResponseHeaders;
import io.gatehouse.sdk.Upstream;
import io.gatehouse.proxy.http.ErrorBody;
import io.netty.handler.codec.http.HttpHeaders;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The plugin phases of one request (reference core §7.1), and the context every handler receives:
 * this one object is the SDK's {@link AccessPhase} (and so {@code RewritePhase}), {@link
 * HeaderPhase}, {@link BodyPhase} and {@link LogPhase} for every plugin and phase of the request,
 * so running a plugin allocates no context. The SDK's route and service views come from the
 * snapshot's {@link PluginChains} (made once per snapshot). What a call may do depends on the
 * phase running ({@link Stage}), never on which interface the caller holds.
 *
 * <p>Order of calls from the request flow: {@link #rewrite} (global instances), {@link #access}
 * after routing (collects the applicable instances by priority, resolving each one's scope with the
 * consumer known so far; after a short-circuit the rest are still collected but not run), then
 * {@link #headerFilter}, {@link #filterBody} per chunk, and {@link #log}. A request that never
 * reached access runs only global instances in the later phases.
 */
public final class PluginRun
    implements AccessPhase, HeaderPhase, BodyPhase, LogPhase, io.gatehouse.sdk.Measurements {
  /** The phase whose handlers are running: decides what a context call may do. */
  enum Stage { REWRITE, ACCESS, HEADER_FILTER, BODY_FILTER, LOG, NONE }

  private static final Logger LOG = LoggerFactory.getLogger(PluginRun.class);
  private static final BoundInstance[] NONE = new BoundInstance[0];

  private final PluginChains chains;
  private final RequestFacts facts;
  private final String requestId;
  private final Executor loop;
  private final long startedAtMillis = System.currentTimeMillis();

  private @Nullable ClientRequestView client;
  private @Nullable UpstreamView upstream;
  private String routerPath = "/";
  private @Nullable ResponseHeaders responseHeaders;
  private @Nullable Map<String, Object> shared;
  private @Nullable Route route;
  private @Nullable Service service;
  private @Nullable Consumer consumer;
  private @Nullable Credential credential;
  private List<String> authenticatedGroups = List.of();

  private ChainSlot[] chain = new ChainSlot[0];
  private BoundInstance[] applied = NONE;
  private int appliedCount;
  private boolean collected;
  private @Nullable Runnable afterAccess;

  private @Nullable PluginResponse response;
  private java.util.concurrent.Flow.@Nullable Publisher<byte[]> streamedBody; // exitStreaming's body
  private boolean responseIsError; // the response came from error(), not exit()
  private io.netty.handler.codec.http.@Nullable HttpHeaders trailers; // the response's, with its last chunk
  private @Nullable PluginResponse replacement; // set by a header filter: replaces the response
  private Stage stage = Stage.NONE;
  private List<UpstreamTry> tries = List.of();
  private int status;
  private boolean fromUpstream;
  private @Nullable LogFacts logFacts; // set for the log phase
  private @Nullable Map<String, @Nullable Object> serializeValues; // kong.log.set_serialize_value, in call order

  private String pluginId = "";
  private @Nullable BodySource bodySource;
  private byte @Nullable [] requestBody;
  private @Nullable SdkRequestBody requestBodyView;
  private byte @Nullable [] requestBodyViewOf; // the bytes requestBodyView shows
  private @Nullable BodyLimit bodyLimit;
  private List<String> uriCaptures = List.of();
  private Map<String, String> uriNamedCaptures = Map.of();
  private boolean[] bodyFilters = new boolean[0]; // per applied instance, decided after header_filter
  private boolean anyBodyFilter;
  // head sizes for the log's measurements, measured once: every metrics plugin of the request reads them
  private long requestHeadBytes = -1;
  private long responseHeadBytes = -1; // in the log phase, when the head is final
  private final @Nullable TracedSteps steps; // null unless tracing_instrumentations records steps and the request may be sampled
  private final byte @Nullable [] drawnTraceId; // drawn before the router when a tracing instance reads the steps
  private final boolean tracesQueries; // db_query: store calls made by this request's handlers are traced

  public PluginRun(PluginChains chains, RequestFacts facts, String requestId, Executor loop) {
    this.chains = Objects.requireNonNull(chains, "chains");
    this.facts = Objects.requireNonNull(facts, "facts");
    this.requestId = Objects.requireNonNull(requestId, "requestId");
    this.loop = Objects.requireNonNull(loop, "loop");
    // one sampling decision per request, before the router: an unsampled request records no step at all
    double bound = chains.spanSamplingBound();
    if (chains.tracedSteps() != 0 && bound > 0) {
      byte[] id = new byte[16];
      java.util.concurrent.ThreadLocalRandom.current().nextBytes(id);
      this.drawnTraceId = id;
      this.steps = TracedSteps.forRequest(chains.tracedSteps(), SpanDecision.of(id, bound, facts.headers()));
    } else {
      this.drawnTraceId = null;
      this.steps = null;
    }
    this.tracesQueries = steps != null && steps.records(TracedSteps.Kind.DB_QUERY);
  }

  // ------------------------------------------------------------------ driving the phases

  /**
   * After access: no plugin instance applies to this request, so the later phases have nothing to
   * run and the proxy may drop this run (a route without plugins on a node where others have some).
   */
  public boolean appliesNone() {
    return collected && chain.length == 0 && response == null;
  }

  /** Runs global rewrite handlers. Afterwards check {@link #response()}. */
  public void rewrite() {
    stage = Stage.REWRITE;
    for (BoundInstance inst : chains.rewrite()) {
      pluginId = inst.id();
      long t0 = stepStart(TracedSteps.Kind.REWRITE);
      handlerStarts();
      try {
        inst.plugin().plugin.rewrite(this, inst.config());
      } catch (RuntimeException e) {
        fail(inst, "rewrite", e);
      } finally {
        handlerEnds();
      }
      stepEnd(TracedSteps.Kind.REWRITE, inst, t0, null);
      if (response != null) {
        break;
      }
    }
    stage = Stage.NONE;
  }

  /**
   * Runs the access phase of a matched route; {@code then} runs on this request's event loop when
   * it is over (at once, unless a handler waits), after which {@link #response()} says whether a
   * plugin answered.
   */
  public void access(Route route, @Nullable Service service, Runnable then) {
    access(route, service, List.of(), Map.of(), null, then);
  }

  /**
   * As {@link #access(Route, Service, Runnable)}, with the router's captures for
   * {@link #uriCaptures} and where to read the request body from when a plugin needs it (null: no
   * plugin may read it).
   */
  public void access(Route route, @Nullable Service service, List<String> uriCaptures,
      Map<String, String> uriNamedCaptures, @Nullable BodySource bodySource, Runnable then) {
    this.uriCaptures = uriCaptures;
    this.uriNamedCaptures = uriNamedCaptures;
    this.bodySource = bodySource;
    this.route = route;
    this.service = service;
    this.afterAccess = then;
    this.chain = chains.forRoute(route);
    this.applied = chain.length == 0 ? NONE : new BoundInstance[chain.length];
    this.collected = true;
    if (response != null) {
      then.run(); // rewrite answered: access does not run
      return;
    }
    continueAccess(0);
  }

  private void continueAccess(int from) {
    stage = Stage.ACCESS;
    for (int i = from; i < chain.length; i++) {
      ChainSlot slot = chain[i];
      BoundInstance inst = slot.resolve(consumer == null ? null : consumer.id());
      if (inst == null) {
        continue;
      }
      BoundPlugin p = inst.plugin();
      // a plugin resumed after its body was read is already collected
      if (p.runsAfterAccess() && (appliedCount == 0 || applied[appliedCount - 1] != inst)) {
        applied[appliedCount++] = inst;
      }
      if (response != null) {
        continue; // short-circuited: later handlers are only collected for header_filter/log
      }
      pluginId = inst.id();
      long t0 = p.access || p.asyncAccess ? stepStart(TracedSteps.Kind.ACCESS) : 0;
      RuntimeException failure = null;
      try {
        if (needsBodyFirst(p, inst)) {
          readBody(i);
          return; // resumes at this plugin once the body is in
        }
        handlerStarts();
        if (p.access) {
          p.plugin.access(this, inst.config());
        } else if (p.asyncAccess && startAsync(inst, i, t0)) {
          return; // resumes on the event loop
        }
      } catch (RuntimeException e) {
        failure = e;
        fail(inst, "access", e);
      } finally {
        handlerEnds();
      }
      if (p.access || failure != null) stepEnd(TracedSteps.Kind.ACCESS, inst, t0, failure);
    }
    stage = Stage.NONE;
    Runnable then = afterAccess;
    afterAccess = null;
    if (then != null) {
      then.run();
    }
  }

  private boolean needsBodyFirst(BoundPlugin p, BoundInstance inst) {
    return p.needsBody && requestBody == null && bodySource != null
        && p.plugin.needsRequestBody(request(), inst.config());
  }

  private void readBody(int index) {
    Objects.requireNonNull(bodySource).read(body -> {
      bodySource = null; // read once
      if (body == null) {
        error(413, "Request size limit exceeded", Map.of());
      } else {
        requestBody = body;
      }
      continueAccess(index);
    });
  }

  /** Starts an async handler; true when the request now waits for it. */
  private boolean startAsync(BoundInstance inst, int index, long stepStart) {
    CompletionStage<?> waiting = inst.plugin().plugin.accessAsync(this, inst.config());
    if (waiting == null || response != null) {
      stepEnd(TracedSteps.Kind.ACCESS, inst, stepStart, null);
      return false;
    }
    CompletableFuture<?> f = waiting.toCompletableFuture();
    if (f.isDone()) {
      Throwable failure = finishAsync(inst, f.handle((v, e) -> e == null ? v : e).join(), f.isCompletedExceptionally());
      stepEnd(TracedSteps.Kind.ACCESS, inst, stepStart, failure);
      return false;
    }
    f.whenComplete((v, e) -> loop.execute(() -> {
      pluginId = inst.id();
      Throwable failure = finishAsync(inst, e == null ? v : e, e != null);
      stepEnd(TracedSteps.Kind.ACCESS, inst, stepStart, failure); // Kong's span covers the handler's waits
      continueAccess(index + 1);
    }));
    return true;
  }

  /** Resumes an async handler with its result; returns what failed, or null. */
  private @Nullable Throwable finishAsync(BoundInstance inst, @Nullable Object result, boolean failed) {
    if (failed) {
      Throwable t = (Throwable) Objects.requireNonNull(result);
      fail(inst, "access", t);
      return t;
    }
    handlerStarts();
    try {
      inst.plugin().plugin.resume(this, inst.config(), result);
      return null;
    } catch (RuntimeException e) {
      fail(inst, "access", e);
      return e;
    } finally {
      handlerEnds();
    }
  }

  // ------------------------------------------------------------------ traced steps (tracing_instrumentations)

  /** The start of a traced step of this kind, or 0 when it is not recorded (then no clock is read). */
  private long stepStart(TracedSteps.Kind kind) {
    TracedSteps s = steps;
    return s != null && s.records(kind) ? System.nanoTime() : 0;
  }

  private void stepEnd(TracedSteps.Kind kind, BoundInstance inst, long start, @Nullable Throwable failure) {
    if (start == 0) return;
    BoundPlugin p = inst.plugin();
    String name = switch (kind) {
      case REWRITE -> p.rewriteSpan;
      case ACCESS -> p.accessSpan;
      case HEADER_FILTER -> p.headerFilterSpan;
      default -> throw new IllegalArgumentException("kind: expected a plugin phase, got " + kind);
    };
    Objects.requireNonNull(steps).plugin(name, start, failure);
  }

  /** A handler starts: under db_query, the store statements it has run off the loop join this request's trace. */
  private void handlerStarts() {
    if (tracesQueries) Objects.requireNonNull(steps).entered();
  }

  private void handlerEnds() {
    if (tracesQueries) TracedSteps.left();
  }

  /** Call before routing; pass the result to {@link #routerEnded}. 0 when the router is not traced. */
  public long routerStarts() {
    return stepStart(TracedSteps.Kind.ROUTER);
  }

  /** Records the router step begun at {@code start} (from {@link #routerStarts}; 0 records nothing). */
  public void routerEnded(long start, boolean matched) {
    if (start != 0) Objects.requireNonNull(steps).router(start, matched);
  }

  /** Call before a DNS lookup of the service host; pass the result to {@link #dnsEnded}. 0 when not traced. */
  public long dnsStarts() {
    return stepStart(TracedSteps.Kind.DNS);
  }

  /** Whether DNS lookups made for this request are traced ({@code dns_query}). */
  public boolean tracesDns() {
    TracedSteps s = steps;
    return s != null && s.records(TracedSteps.Kind.DNS);
  }

  /** Records the lookup begun at {@code start}: the address found, or why none was. */
  public void dnsEnded(long start, String host, int port, @Nullable String ip, @Nullable String error) {
    if (start != 0) Objects.requireNonNull(steps).dns(start, host, port, ip, error);
  }

  @Override
  public io.gatehouse.sdk.HttpCalls httpCalls() {
    TracedSteps s = steps;
    return s == null ? io.gatehouse.sdk.HttpCalls.DIRECT : s.httpCalls();
  }

  /** The id drawn before the router, by which {@link SpanDecision} decided this request's recording. */
  @Override
  public byte[] drawnTraceId() {
    byte[] id = drawnTraceId;
    return id != null ? id.clone() : LogPhase.super.drawnTraceId();
  }

  @Override
  public List<io.gatehouse.sdk.TracedSpan> tracedSpans() {
    TracedSteps s = steps;
    return s == null ? List.of() : s.spans();
  }

  /**
   * Runs header filters on a response about to be sent.
   *
   * @param fromUpstream false for responses generated by the gateway or a plugin
   */
  public void headerFilter(int status, HttpHeaders headers, boolean fromUpstream) {
    headerFilter(status, new ResponseHeadersView(headers), fromUpstream);
  }

  /** Runs header filters on a response head the proxy keeps in its own form. */
  public void headerFilter(int status, ResponseHeaders headers, boolean fromUpstream) {
    collectGlobalIfNeeded();
    this.status = status;
    this.fromUpstream = fromUpstream;
    this.responseHeaders = headers;
    stage = Stage.HEADER_FILTER;
    for (int i = 0; i < appliedCount && replacement == null; i++) {
      BoundInstance inst = applied[i];
      if (inst.plugin().headerFilter) {
        pluginId = inst.id();
        long t0 = stepStart(TracedSteps.Kind.HEADER_FILTER);
        handlerStarts();
        try {
          inst.plugin().plugin.headerFilter(this, inst.config());
        } catch (RuntimeException e) {
          logFailure(inst, "header_filter", e);
        } finally {
          handlerEnds();
        }
        stepEnd(TracedSteps.Kind.HEADER_FILTER, inst, t0, null);
      }
    }
    stage = Stage.NONE;
  }

  /**
   * The response a header filter put in place of the one being sent ({@link
   * HeaderPhase#replaceResponse}), or null; read after {@link #headerFilter}. Its body
   * goes out as is (no body filter), with the filtered headers.
   */
  public @Nullable PluginResponse replacement() {
    return replacement;
  }

  /**
   * Whether any applied plugin filters this response's body; asks each body filter once, after the
   * header filters (call after {@link #headerFilter}).
   */
  public boolean filtersBody() {
    if (bodyFilters.length == appliedCount) {
      return anyBodyFilter;
    }
    bodyFilters = new boolean[appliedCount];
    stage = Stage.HEADER_FILTER; // asked with the header view, after the header filters
    for (int i = 0; i < appliedCount; i++) {
      BoundInstance inst = applied[i];
      if (inst.plugin().bodyFilter) {
        pluginId = inst.id();
        try {
          bodyFilters[i] = inst.plugin().plugin.filtersBody(this, inst.config());
        } catch (RuntimeException e) {
          logFailure(inst, "body_filter", e);
        }
        anyBodyFilter |= bodyFilters[i];
      }
    }
    stage = Stage.NONE;
    return anyBodyFilter;
  }

  /** Passes a response chunk through the body filters. */
  /** The response's trailers, given with its last chunk (before {@link #filterBody}), for {@link #trailer}. */
  public void responseTrailers(io.netty.handler.codec.http.HttpHeaders trailers) {
    this.trailers = trailers;
  }

  @Override
  public @Nullable String trailer(String name) {
    var t = trailers;
    return t == null ? null : t.get(name);
  }

  public byte[] filterBody(byte[] chunk, boolean last) {
    byte[] out = chunk;
    stage = Stage.BODY_FILTER;
    for (int i = 0; i < appliedCount; i++) {
      BoundInstance inst = applied[i];
      if (i < bodyFilters.length && bodyFilters[i]) {
        pluginId = inst.id();
        try {
          out = Objects.requireNonNull(inst.plugin().plugin.bodyFilter(this, inst.config(), out, last));
        } catch (RuntimeException e) {
          logFailure(inst, "body_filter", e);
        }
      }
    }
    stage = Stage.NONE;
    return out;
  }

  /** Runs log handlers once the response is complete. */
  public void log(int status) {
    log(status, null);
  }

  /** Runs log handlers once the response is complete, with the flow's facts for the log entry. */
  public void log(int status, @Nullable LogFacts facts) {
    collectGlobalIfNeeded();
    this.status = status;
    this.logFacts = facts;
    if (responseHeaders == null) {
      // no header filter ran (a client that left, a tunnel): log handlers still see a header view
      responseHeaders = new ResponseHeadersView(new io.netty.handler.codec.http.DefaultHttpHeaders());
    }
    stage = Stage.LOG;
    for (int i = 0; i < appliedCount; i++) {
      BoundInstance inst = applied[i];
      if (inst.plugin().log) {
        pluginId = inst.id();
        handlerStarts();
        try {
          inst.plugin().plugin.log(this, inst.config());
        } catch (RuntimeException e) {
          logFailure(inst, "log", e);
        } finally {
          handlerEnds();
        }
      }
    }
    stage = Stage.NONE;
  }

  /** Requests that never reached access get the global instances for the later phases. */
  private void collectGlobalIfNeeded() {
    if (collected) {
      return;
    }
    collected = true;
    ChainSlot[] global = chains.global();
    applied = global.length == 0 ? NONE : new BoundInstance[global.length];
    for (ChainSlot slot : global) {
      BoundInstance inst = slot.base();
      if (inst != null && inst.plugin().runsAfterAccess()) {
        applied[appliedCount++] = inst;
      }
    }
  }

  private void fail(BoundInstance inst, String phase, Throwable e) {
    LOG.error("plugin '{}' (instance {}) failed in {} for request {}", inst.plugin().name, inst.id(), phase, requestId, e);
    response = null;
    error(500, null, Map.of());
  }

  private void logFailure(BoundInstance inst, String phase, Throwable e) {
    LOG.error("plugin '{}' (instance {}) failed in {} for request {}", inst.plugin().name, inst.id(), phase, requestId, e);
  }

  /** The response a plugin asked for, or null to proxy. */
  public @Nullable PluginResponse response() {
    return response;
  }

  /** The method to send upstream. */
  public String upstreamMethod() {
    return upstream == null ? facts.method() : upstream.method;
  }

  /** The router's upstream path for this request, which {@link Upstream#path()} reports until a plugin sets one. */
  public void routerPath(String path) {
    this.routerPath = path;
    if (upstream != null) upstream.routerPath = path;
  }

  /** The path a plugin set for the upstream request, or {@code fallback}. */
  public String upstreamPath(String fallback) {
    return upstream == null || upstream.path == null ? fallback : upstream.path;
  }

  /**
   * Whether a plugin set the upstream {@code Host} ({@code kong.service.request.set_header("Host")}
   * sets nginx's {@code upstream_host}): it is then sent as set, over preserve_host, the upstream's
   * host_header and the target, on every try.
   */
  public boolean upstreamHostSet() {
    return upstream != null && upstream.hostSet;
  }

  /** The origin a plugin chose ({@code kong.service.set_target}), or null for the service's own. */
  public @Nullable UpstreamTarget upstreamTarget() {
    return upstream == null ? null : upstream.target;
  }

  /** The body a plugin set for the upstream request, or null to send the client's. */
  public byte @Nullable [] upstreamBody() {
    return upstream == null ? null : upstream.body;
  }

  /** The smallest request body cap a plugin set, or null. */
  public @Nullable BodyLimit bodyLimit() {
    return bodyLimit;
  }

  /** Whether the plugins' answer came from {@code error} rather than {@code exit} (gRPC requests get them differently). */
  public boolean responseIsError() {
    return responseIsError;
  }

  /** {@code kong.response.error} rendered for this request, outside the access phase. */
  public PluginResponse errorResponse(int status, String message) {
    error(status, message, Map.of());
    return Objects.requireNonNull(response);
  }

  /** The query to send upstream when a plugin changed it; {@code fallback} otherwise. */
  public @Nullable String upstreamQuery(@Nullable String fallback) {
    return upstream != null && upstream.queryChanged ? upstream.rawQuery() : fallback;
  }

  // ------------------------------------------------------------------ contexts

  @Override
  public String requestId() {
    return requestId;
  }

  @Override
  public Request request() {
    ClientRequestView c = client;
    if (c == null) {
      c = client = new ClientRequestView(facts);
    }
    return c;
  }

  @Override
  public io.gatehouse.sdk.@Nullable Route route() {
    return route == null ? null : chains.view(route);
  }

  @Override
  public io.gatehouse.sdk.@Nullable Service service() {
    return service == null ? null : chains.view(service);
  }

  /** The matched route entity, or null (for the log serializer). */
  @Nullable Route routeEntity() {
    return route;
  }

  /** The matched route's service entity, or null. */
  @Nullable Service serviceEntity() {
    return service;
  }

  @Override
  public @Nullable Consumer consumer() {
    return consumer;
  }

  @Override
  public @Nullable Credential credential() {
    return credential;
  }

  @Override
  public Map<String, Object> shared() {
    Map<String, Object> s = shared;
    if (s == null) {
      s = shared = new HashMap<>();
    }
    return s;
  }

  @Override
  public Upstream upstream() {
    UpstreamView u = upstream;
    if (u == null) {
      u = upstream = new UpstreamView(facts);
      u.routerPath = routerPath;
    }
    return u;
  }

  @Override
  public void exit(int status, @Nullable Object body, Map<String, String> headers) {
    checkStatus(status);
    dropStreamedBody();
    responseIsError = false;
    byte[] bytes;
    String type = null;
    if (body == null) {
      bytes = new byte[0];
    } else if (body instanceof String s) {
      bytes = s.getBytes(StandardCharsets.UTF_8);
    } else if (body instanceof byte[] b) {
      bytes = b.clone();
    } else {
      bytes = Json.write(Json.MAPPER.valueToTree(body)).getBytes(StandardCharsets.UTF_8);
      type = "application/json; charset=utf-8";
    }
    response = new PluginResponse(status, new LinkedHashMap<>(headers), bytes, type);
  }

  @Override
  public void error(int status, @Nullable String message, Map<String, String> headers) {
    checkStatus(status);
    dropStreamedBody();
    responseIsError = true;
    ErrorBody body = ErrorBody.forCore(status, message == null ? defaultMessage(status) : message, requestId,
        facts.headers().get("Accept"));
    response = new PluginResponse(status, new LinkedHashMap<>(headers), body.body().getBytes(StandardCharsets.UTF_8),
        body.contentType());
  }

  @Override
  public void exitStreaming(int status, java.util.concurrent.Flow.Publisher<byte[]> body, Map<String, String> headers) {
    checkStatus(status);
    Objects.requireNonNull(body, "body");
    dropStreamedBody();
    responseIsError = false;
    response = new PluginResponse(status, new LinkedHashMap<>(headers), new byte[0], null);
    streamedBody = body;
  }

  /** The body of {@link #exitStreaming}, or null when the response (if any) is whole. */
  public java.util.concurrent.Flow.@Nullable Publisher<byte[]> streamedBody() {
    return streamedBody;
  }

  private void dropStreamedBody() {
    var dropped = streamedBody;
    streamedBody = null;
    if (dropped != null) DiscardedStream.cancel(dropped); // an answer replaced before it was sent
  }

  private static void checkStatus(int status) {
    if (status < 100 || status > 599) {
      throw new IllegalArgumentException("status must be between 100 and 599, was " + status);
    }
  }

  /** {@code kong.response.error}'s text when no message is given (reference plugins §1.1). */
  static String defaultMessage(int status) {
    return switch (status) {
      case 401 -> "Unauthorized";
      case 403 -> "Forbidden";
      case 429 -> "Too many requests";
      default -> ErrorBody.messageFor(status);
    };
  }

  @Override
  public boolean exited() {
    return response != null;
  }

  @Override
  public void authenticate(Consumer consumer, @Nullable Credential credential) {
    this.consumer = Objects.requireNonNull(consumer, "consumer");
    this.credential = credential;
    ConsumerHeaders.set(facts.headers(), consumer, credential);
  }

  @Override
  public void authenticate(Credential credential) {
    this.consumer = null;
    this.credential = Objects.requireNonNull(credential, "credential");
    ConsumerHeaders.set(facts.headers(), null, credential);
  }

  @Override
  public List<String> authenticatedGroups() {
    return authenticatedGroups;
  }

  @Override
  public void setAuthenticatedGroups(List<String> groups) {
    this.authenticatedGroups = List.copyOf(groups);
  }

  @Override
  public io.gatehouse.sdk.@Nullable RequestBody requestBody() {
    // Kong's get_raw_body after set_raw_body: a body an earlier plugin set is the one later plugins read
    byte[] body = upstream != null && upstream.body != null ? upstream.body : requestBody;
    if (body == null) {
      return null;
    }
    SdkRequestBody view = requestBodyView;
    if (view == null || requestBodyViewOf != body) {
      view = requestBodyView = new SdkRequestBody(body, facts.headers().get("Content-Type"));
      requestBodyViewOf = body;
    }
    return view;
  }

  @Override
  public void limitRequestBody(BodyLimit limit) {
    Objects.requireNonNull(limit, "limit");
    if (bodyLimit == null || limit.maxBytes() < bodyLimit.maxBytes()) {
      bodyLimit = limit;
    }
  }

  @Override
  public List<String> uriCaptures() {
    return uriCaptures;
  }

  @Override
  public Map<String, String> uriNamedCaptures() {
    return uriNamedCaptures;
  }

  @Override
  public String pluginId() {
    return pluginId;
  }

  @Override
  public long nowMillis() {
    return System.currentTimeMillis();
  }

  @Override
  public int status() {
    return status;
  }

  @Override
  public ResponseHeaders responseHeaders() {
    ResponseHeaders r = responseHeaders;
    if (r == null) {
      throw new IllegalStateException("response headers are only available from header_filter on");
    }
    return r;
  }

  @Override
  public boolean fromUpstream() {
    return fromUpstream;
  }

  /** Records the start of a try at the upstream (the proxy calls this once per try). */
  public void addTry(UpstreamTry t) {
    Objects.requireNonNull(t, "t");
    if (tries.isEmpty()) tries = new ArrayList<>(2);
    tries.add(t);
  }

  /** Marks the latest try failed with the status it stands for (502 error, 504 timeout). */
  public void failLastTry(int status) {
    if (!tries.isEmpty()) tries.set(tries.size() - 1, tries.getLast().failed(status));
  }

  /** The tries made so far, oldest first. */
  public List<UpstreamTry> tries() {
    return tries;
  }

  @Override
  public void setStatus(int status) {
    if (stage != Stage.HEADER_FILTER) {
      throw new IllegalStateException("setStatus is only allowed in header_filter, not in " + stage);
    }
    checkStatus(status);
    this.status = status;
  }

  @Override
  public void replaceResponse(int status, @Nullable String body) {
    if (stage != Stage.HEADER_FILTER) {
      throw new IllegalStateException("replaceResponse is only allowed in header_filter, not in " + stage);
    }
    checkStatus(status);
    this.status = status;
    byte[] bytes = body == null ? new byte[0] : body.getBytes(StandardCharsets.UTF_8);
    replacement = new PluginResponse(status, Map.of(), bytes, null);
  }

  @Override
  public void setSerializeValue(String key, @Nullable Object value) {
    Objects.requireNonNull(key, "key");
    if (serializeValues == null) serializeValues = new LinkedHashMap<>();
    serializeValues.remove(key); // the latest call goes last
    serializeValues.put(key, value);
  }

  /** The values set with {@link #setSerializeValue}, or null. */
  @Nullable Map<String, @Nullable Object> serializeValues() {
    return serializeValues;
  }

  /** The response headers a header filter saw, or null when no response head was filtered. */
  @Nullable ResponseHeaders responseHeadersIfSent() {
    return responseHeaders;
  }

  /** {@code kong.ctx.shared} if a plugin created it, without creating it. */
  @Nullable Map<String, Object> sharedIfCreated() {
    return shared;
  }

  @Override
  public LogEntry serialize() {
    return new JsonLogEntry(serializeTree());
  }

  /** {@link #serialize()} as the serializer's JSON tree. */
  ObjectNode serializeTree() {
    return LogSerializer.serialize(this, facts, logFacts, startedAtMillis);
  }

  // ------------------------------------------------------------------ the SDK's Measurements: log figures, no entry

  @Override
  public io.gatehouse.sdk.Measurements measurements() {
    return this;
  }

  @Override
  public long kongLatencyMs() {
    return LogSerializer.kongMs(LogSerializer.orNothingYet(logFacts), requestLatencyMs());
  }

  @Override
  public long upstreamLatencyMs() {
    return LogSerializer.orNothingYet(logFacts).upstreamLatencyMs();
  }

  @Override
  public long requestLatencyMs() {
    return LogSerializer.requestMs(logFacts, startedAtMillis);
  }

  @Override
  public long requestBytes() {
    long head = requestHeadBytes;
    if (head < 0) head = requestHeadBytes = LogSerializer.requestHeadSize(facts);
    return head + LogSerializer.orNothingYet(logFacts).requestBodyBytes();
  }

  @Override
  public long responseBytes() {
    if (stage != Stage.LOG) return LogSerializer.responseSize(status, responseHeaders, LogSerializer.orNothingYet(logFacts));
    long head = responseHeadBytes;
    if (head < 0) head = responseHeadBytes = LogSerializer.responseHeadSize(status, responseHeaders);
    return head + LogSerializer.orNothingYet(logFacts).responseBodyBytes();
  }

  @Override
  public Source source() {
    return fromUpstream ? Source.SERVICE : response != null ? Source.EXIT : Source.ERROR;
  }
}
