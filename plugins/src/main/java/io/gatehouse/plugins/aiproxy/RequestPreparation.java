package io.gatehouse.plugins.aiproxy;

import io.gatehouse.plugins.llm.Driver;
import io.gatehouse.plugins.llm.LlmConfig;
import io.gatehouse.plugins.llm.LlmConfig.Model;
import io.gatehouse.plugins.llm.LlmException;
import io.gatehouse.plugins.llm.LlmJson;
import io.gatehouse.plugins.llm.NativeFormat;
import io.gatehouse.plugins.llm.RouteType;
import io.gatehouse.plugins.llm.SharedRequest;
import io.gatehouse.plugins.llm.Translation;
import io.gatehouse.sdk.AccessPhase;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * ai-proxy's access phase (Kong's parse-request and normalize-request filters): checks the
 * OpenAI-format request, translates it for the provider (a native {@code llm_format}'s body is sent
 * as it came) and points the upstream request at the provider with the configured credentials. Refusals are {@code 400 {"error":{"message":…}}}.
 */
final class RequestPreparation {
  private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(RequestPreparation.class);

  private RequestPreparation() {}

  static void run(AccessPhase ctx, AiProxyPlugin.Prepared p, ResolvedCredentials resolved) {
    ProviderRequest plan = plan(ctx, p, resolved);
    if (plan == null) return;
    LlmCall call = plan.call();
    // read before the upstream request's own Accept-Encoding replaces the client's (Kong's accept_gzip)
    call.clientAcceptsGzip = io.gatehouse.plugins.llm.Gzip.accepted(ctx.request().header("Accept-Encoding"));
    if (call.driver.gzipAnswers() && !call.stream && call.routeType != RouteType.PRESERVE && call.nativeFormat == null) {
      // a whole answer is held for translation anyway, so it may come compressed (ai-proxy-advanced's
      // own client and the answers passed as they come keep asking for identity)
      plan.headers().put("Accept-Encoding", "gzip, identity");
    }
    apply(ctx, plan);
  }

  /**
   * The provider request for this client request, or null after answering the client (Kong's
   * 400 refusals, 500 when the provider cannot be reached at all). Changes nothing upstream.
   */
  static @Nullable ProviderRequest plan(AccessPhase ctx, AiProxyPlugin.Prepared p) {
    LlmConfig.Auth auth = p.config().auth();
    if (io.gatehouse.plugins.llm.GcpServiceAccount.used(p.config().model(), auth)) {
      // ai-proxy-advanced plans its targets synchronously and cannot wait for a token yet
      LOG.error("ai-proxy-advanced: auth.gcp_use_service_account is not supported in targets yet");
      ctx.exit(500, Map.of("error", Map.of("message", "LLM request failed before proxying")), Map.of());
      return null;
    }
    return plan(ctx, p, ResolvedCredentials.NONE);
  }

  static @Nullable ProviderRequest plan(AccessPhase ctx, AiProxyPlugin.Prepared p, ResolvedCredentials resolved) {
    long start = System.nanoTime();
    AiProxyConfig c = p.config();
    Driver driver = p.driver();
    if (driver == null) {
      LOG.error("ai-proxy: provider '{}' is not supported by this gateway", c.model().provider());
      ctx.exit(500, Map.of("error", Map.of("message", "LLM request failed before proxying")), Map.of());
      return null;
    }
    try {
      return prepare(ctx, p, driver, start, resolved);
    } catch (LlmException e) {
      ctx.exit(400, Map.of("error", Map.of("message", e.getMessage())), Map.of());
    } catch (IllegalStateException e) {
      LOG.error("ai-proxy: cannot authenticate with {}: {}", driver.name(), e.getMessage());
      ctx.exit(500, Map.of("error", Map.of("message", "LLM request failed before proxying")), Map.of());
    }
    return null;
  }

  /** Points the upstream request at the provider, as planned. */
  static void apply(AccessPhase ctx, ProviderRequest plan) {
    if (plan.body() != null) ctx.upstream().setBody(plan.body());
    ctx.upstream().setTarget(plan.tls() ? "https" : "http", plan.host(), plan.port());
    ctx.upstream().setPath(plan.path());
    if (!java.util.Objects.equals(plan.query(), ctx.upstream().rawQuery())) ctx.upstream().setRawQuery(plan.query());
    plan.headers().forEach(ctx.upstream()::setHeader);
    publish(ctx, plan.call());
  }

  /** Leaves the call for ai-proxy's later phases and its usage for any plugin's log phase. */
  static void publish(AccessPhase ctx, LlmCall call) {
    ctx.shared().put(LlmCall.KEY, call);
    ctx.shared().put(io.gatehouse.plugins.llm.TokenUsage.KEY,
        (java.util.function.Supplier<io.gatehouse.plugins.llm.TokenUsage>) call::tokenUsage);
  }

  private static ProviderRequest prepare(AccessPhase ctx, AiProxyPlugin.Prepared p, Driver driver, long start,
      ResolvedCredentials resolved) {
    AiProxyConfig c = p.config();
    RouteType type = p.routeType();
    boolean preserve = type == RouteType.PRESERVE;
    Model model = ModelTemplate.resolve(c.model(), ctx);
    Map<String, @Nullable Object> body = SharedRequest.get(ctx, c.bodyLimit());
    // a native format's body is only read here (as Kong's adapters convert it), and sent as it came
    NativeFormat format = NativeFormat.of(c.llmFormat());
    Map<String, @Nullable Object> request = format == null ? LlmJson.copy(body)
        : format.toOpenAi(body, ctx.request().path(), ctx.uriNamedCaptures());
    if (!preserve && !validPrompts(request)) throw new LlmException("request body doesn't contain valid prompts");
    String name = model.name();
    Object asked = request.get("model");
    if (name == null && asked instanceof String s) name = s;
    if (asked instanceof String s && !s.isEmpty() && !s.equals(name)) {
      throw new LlmException("cannot use own model - must be: " + name);
    }
    if (name == null && !preserve) throw new LlmException("model parameter not found in request, nor in gateway configuration");
    model = new Model(model.provider(), name, model.options());
    if (!preserve && RouteType.identifyOrFail(request) != type) {
      throw new LlmException("[" + RouteType.identifyOrFail(request).kong() + "] message format is not compatible with ["
          + type.kong() + "] route type");
    }
    boolean stream = Boolean.TRUE.equals(request.get("stream")) || "always".equals(c.responseStreaming());
    if (stream) {
      request.put("stream", true);
      if ("deny".equals(c.responseStreaming())) throw new LlmException("response streaming is not enabled for this LLM");
    }
    byte[] logged = ctx.requestBody() == null ? null : ctx.requestBody().bytes();
    byte[] sent = logged == null ? new byte[0] : logged;
    byte[] replaced = null;
    Map<String, String> headers = new LinkedHashMap<>();
    if (!preserve && format == null) {
      Translation.mergeOptions(request, model.options());
      Map<String, @Nullable Object> translated;
      try {
        translated = driver.toProvider(request, model, type);
      } catch (RuntimeException e) {
        if (e instanceof LlmException) throw e;
        throw new LlmException("error transforming to " + driver.name() + "://" + type.kong());
      }
      logged = LlmJson.bytes(translated);
      LlmConfig.Auth auth = c.auth();
      if (auth != null && "body".equals(auth.paramLocation()) && auth.paramName() != null && auth.paramValue() != null
          && (!translated.containsKey(auth.paramName()) || !auth.overridable())) {
        translated.put(auth.paramName(), auth.paramValue());
      }
      sent = LlmJson.bytes(translated);
      replaced = sent;
      headers.put("Content-Type", "application/json");
    }
    LlmCall call = new LlmCall(driver, model, type, stream, start, logged, format);
    if (!driver.streamsTokenCounts()) call.promptTokens = Translation.estimateTokens(request, stream ? 1.8 : 1.0);
    ProviderRequest target = target(ctx, c, driver, model, type, stream, sent, replaced, headers, call, resolved);
    if (resolved.bearer() != null) target.headers().put("Authorization", "Bearer " + resolved.bearer()); // Kong: the GCP identity wins
    return target;
  }

  /** Kong's {@code validate_incoming}: non-empty {@code messages}, or a string {@code prompt}. */
  private static boolean validPrompts(Map<String, @Nullable Object> body) {
    return body.get("messages") instanceof List<?> l && !l.isEmpty() || body.get("prompt") instanceof String;
  }

  /** Kong's {@code configure_request}: the provider's origin and path, its headers and the credentials. */
  private static ProviderRequest target(AccessPhase ctx, AiProxyConfig c, Driver driver, Model model, RouteType type,
      boolean stream, byte[] body, byte @Nullable [] replaced, Map<String, String> headers, LlmCall call,
      ResolvedCredentials resolved) {
    LlmConfig.ModelOptions o = model.options();
    URI url = URI.create(o != null && o.upstreamUrl() != null ? driver.upstreamUrl(o.upstreamUrl(), type)
        : driver.url(type, model, stream));
    String path = url.getRawPath();
    if (type == RouteType.PRESERVE && (o == null || o.upstreamPath() == null)) path = ctx.request().path();
    path = "/" + (path == null ? "" : path.replaceFirst("^/*", ""));
    boolean tls = "https".equalsIgnoreCase(url.getScheme());
    int port = url.getPort() > 0 ? url.getPort() : tls ? 443 : 80;
    headers.put("Accept-Encoding", "identity"); // answers are translated, so never compressed
    headers.putAll(driver.headers(model));
    String query = ctx.upstream().rawQuery();
    for (Map.Entry<String, String> arg : driver.queryArgs(model, name -> first(ctx.request().queryArgs(name))).entrySet()) {
      query = withArg(query, arg.getKey(), arg.getValue());
    }
    LlmConfig.Auth auth = c.auth();
    if (auth != null) {
      if (auth.headerName() != null && auth.headerValue() != null) {
        String own = ctx.request().header(auth.headerName());
        headers.put(auth.headerName(), own != null && auth.overridable() ? own : auth.headerValue());
      }
      if ("query".equals(auth.paramLocation()) && auth.paramName() != null && auth.paramValue() != null
          && (!ctx.request().hasQueryArg(auth.paramName()) || !auth.overridable())) {
        query = withArg(query, auth.paramName(), auth.paramValue());
      }
    }
    URI sentTo = URI.create((tls ? "https" : "http") + "://" + url.getHost() + ":" + port + path
        + (query == null || query.isEmpty() ? "" : "?" + query));
    headers.putAll(driver.signedHeaders(auth, model, sentTo, body, resolved.aws()));
    return new ProviderRequest(call, tls, url.getHost(), port, path, query, headers, replaced);
  }

  /** The query with an argument set, replacing the client's arguments of that name. */
  static String withArg(@Nullable String query, String name, String value) {
    StringBuilder b = new StringBuilder();
    if (query != null && !query.isEmpty()) {
      for (String arg : query.split("&", -1)) {
        int eq = arg.indexOf('=');
        if (decoded(eq < 0 ? arg : arg.substring(0, eq)).equals(name)) continue;
        if (!b.isEmpty()) b.append('&');
        b.append(arg);
      }
    }
    if (!b.isEmpty()) b.append('&');
    return b.append(enc(name)).append('=').append(enc(value)).toString();
  }

  private static String decoded(String key) {
    try {
      return java.net.URLDecoder.decode(key, StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      return key; // a malformed escape: compared as sent
    }
  }

  private static @Nullable String first(List<String> values) {
    return values.isEmpty() ? null : values.get(0);
  }

  private static String enc(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
  }

  /** The upstream URI with a query argument's value replaced, for the log entry. */
  static String redactQuery(String uri, String param) {
    int q = uri.indexOf('?');
    if (q < 0) return uri;
    StringBuilder b = new StringBuilder(uri.substring(0, q + 1));
    String[] args = uri.substring(q + 1).split("&", -1);
    String key = enc(param);
    for (int i = 0; i < args.length; i++) {
      if (i > 0) b.append('&');
      b.append(args[i].startsWith(key + "=") ? key + "=REDACTED" : args[i]);
    }
    return b.toString();
  }
}
