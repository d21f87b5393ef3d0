package io.gatehouse.plugins.aiproxy;

import io.gatehouse.plugins.llm.Driver;
import io.gatehouse.plugins.llm.LlmConfig;
import io.gatehouse.plugins.llm.LlmConfig.Model;
import io.gatehouse.plugins.llm.LlmException;
import io.gatehouse.plugins.llm.LlmJson;
import io.gatehouse.plugins.llm.RouteType;
import io.gatehouse.plugins.llm.SharedRequest;
import io.gatehouse.plugins.llm.Translation;
import io.gatehouse.sdk.AccessPhase;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * ai-proxy's access phase (Kong's parse-request and normalize-request filters): checks the
 * OpenAI-format request, translates it for the provider and points the upstream request at the
 * provider with the configured credentials. Refusals are {@code 400 {"error":{"message":…}}}.
 */
final class RequestPreparation {
  private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(RequestPreparation.class);

  private RequestPreparation() {}

  static void run(AccessPhase ctx, AiProxyPlugin.Prepared p) {
    long start = System.nanoTime();
    AiProxyConfig c = p.config();
    Driver driver = p.driver();
    if (driver == null) {
      LOG.error("ai-proxy: provider '{}' is not supported by this gateway", c.model().provider());
      ctx.exit(500, Map.of("error", Map.of("message", "LLM request failed before proxying")), Map.of());
      return;
    }
    try {
      prepare(ctx, p, driver, start);
    } catch (LlmException e) {
      ctx.exit(400, Map.of("error", Map.of("message", e.getMessage())), Map.of());
    } catch (IllegalStateException e) {
      LOG.error("ai-proxy: cannot authenticate with {}: {}", driver.name(), e.getMessage());
      ctx.exit(500, Map.of("error", Map.of("message", "LLM request failed before proxying")), Map.of());
    }
  }

  private static void prepare(AccessPhase ctx, AiProxyPlugin.Prepared p, Driver driver, long start) {
    AiProxyConfig c = p.config();
    RouteType type = p.routeType();
    boolean preserve = type == RouteType.PRESERVE;
    Model model = ModelTemplate.resolve(c.model(), ctx);
    Map<String, @Nullable Object> body = SharedRequest.get(ctx, c.bodyLimit());
    if (!preserve && !validPrompts(body)) throw new LlmException("request body doesn't contain valid prompts");
    Map<String, @Nullable Object> request = LlmJson.copy(body);
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
    if (!preserve) {
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
      ctx.upstream().setBody(sent);
      ctx.upstream().setHeader("Content-Type", "application/json");
    }
    LlmCall call = new LlmCall(driver, model, type, stream, start, logged);
    if (!driver.streamsTokenCounts()) call.promptTokens = Translation.estimateTokens(request, stream ? 1.8 : 1.0);
    target(ctx, c, driver, model, type, stream, sent);
    ctx.shared().put(LlmCall.KEY, call);
  }

  /** Kong's {@code validate_incoming}: non-empty {@code messages}, or a string {@code prompt}. */
  private static boolean validPrompts(Map<String, @Nullable Object> body) {
    return body.get("messages") instanceof List<?> l && !l.isEmpty() || body.get("prompt") instanceof String;
  }

  /** Kong's {@code configure_request}: the provider's origin and path, its headers and the credentials. */
  private static void target(AccessPhase ctx, AiProxyConfig c, Driver driver, Model model, RouteType type,
      boolean stream, byte[] body) {
    LlmConfig.ModelOptions o = model.options();
    URI url = URI.create(o != null && o.upstreamUrl() != null ? driver.upstreamUrl(o.upstreamUrl(), type)
        : driver.url(type, model, stream));
    String path = url.getRawPath();
    if (type == RouteType.PRESERVE && (o == null || o.upstreamPath() == null)) path = ctx.request().path();
    path = "/" + (path == null ? "" : path.replaceFirst("^/*", ""));
    boolean tls = "https".equalsIgnoreCase(url.getScheme());
    int port = url.getPort() > 0 ? url.getPort() : tls ? 443 : 80;
    ctx.upstream().setTarget(tls ? "https" : "http", url.getHost(), port);
    ctx.upstream().setPath(path);
    ctx.upstream().setHeader("Accept-Encoding", "identity"); // answers are translated, so never compressed
    driver.headers(model).forEach(ctx.upstream()::setHeader);
    driver.queryArgs(model, name -> first(ctx.request().queryArgs(name))).forEach((name, value) -> addQueryArg(ctx, name, value));
    LlmConfig.Auth auth = c.auth();
    if (auth != null) credentials(ctx, auth);
    String query = ctx.upstream().rawQuery();
    URI sentTo = URI.create((tls ? "https" : "http") + "://" + url.getHost() + ":" + port + path
        + (query == null || query.isEmpty() ? "" : "?" + query));
    driver.signedHeaders(auth, model, sentTo, body).forEach(ctx.upstream()::setHeader);
  }

  /** The configured header and query credentials, unless the client sent its own and may ({@code allow_override}). */
  private static void credentials(AccessPhase ctx, LlmConfig.Auth auth) {
    if (auth.headerName() != null && auth.headerValue() != null
        && (ctx.request().header(auth.headerName()) == null || !auth.overridable())) {
      ctx.upstream().setHeader(auth.headerName(), auth.headerValue());
    }
    if ("query".equals(auth.paramLocation()) && auth.paramName() != null && auth.paramValue() != null
        && (!ctx.request().hasQueryArg(auth.paramName()) || !auth.overridable())) {
      addQueryArg(ctx, auth.paramName(), auth.paramValue());
    }
  }

  /** Sets a query argument sent upstream, replacing the client's. */
  private static void addQueryArg(AccessPhase ctx, String name, String value) {
    ctx.upstream().removeQueryArg(name);
    String query = ctx.upstream().rawQuery();
    String arg = enc(name) + "=" + enc(value);
    ctx.upstream().setRawQuery(query == null || query.isEmpty() ? arg : query + "&" + arg);
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
