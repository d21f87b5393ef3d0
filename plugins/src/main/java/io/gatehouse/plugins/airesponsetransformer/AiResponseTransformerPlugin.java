package io.gatehouse.plugins.airesponsetransformer;

import com.google.re2j.Pattern;
import io.gatehouse.plugins.llm.LlmClient;
import io.gatehouse.plugins.llm.LlmException;
import io.gatehouse.plugins.llm.Transformers;
import io.gatehouse.sdk.AccessPhase;
import io.gatehouse.sdk.Between;
import io.gatehouse.sdk.Default;
import io.gatehouse.sdk.EntityChecks;
import io.gatehouse.sdk.Gt;
import io.gatehouse.sdk.Host;
import io.gatehouse.sdk.LogPhase;
import io.gatehouse.sdk.PluginInfo;
import io.gatehouse.sdk.PreparedPlugin;
import io.gatehouse.sdk.Request;
import io.gatehouse.sdk.Scope;
import io.gatehouse.sdk.Service;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.zip.GZIPInputStream;
import org.jspecify.annotations.Nullable;

/**
 * Kong's {@code ai-response-transformer} (priority 768). As Kong does, it makes the upstream call
 * itself in the access phase (the service's origin, the upstream path and query, the client's
 * method, headers and body up to {@code max_request_body_size}), hands the upstream's answer to the
 * configured model under {@code prompt}, and answers the client with the model's text (or the first
 * match of {@code transformation_extract_pattern}) under the upstream's status and headers — or,
 * with {@code parse_llm_response_json_instructions}, with the status, headers and body the model
 * wrote as JSON. Both calls use the JDK's non-blocking client; the event loop never waits.
 */
@PluginInfo(name = "ai-response-transformer", priority = 768, forbiddenScopes = Scope.CONSUMER)
public final class AiResponseTransformerPlugin
    implements PreparedPlugin<AiResponseTransformerPlugin.Config, AiResponseTransformerPlugin.Prepared> {
  private static final String ANSWER = "ai-response-transformer.answer";
  /** Headers the upstream call does not copy from the client (hop-by-hop, or set by the HTTP client). */
  private static final Set<String> NOT_FORWARDED = Set.of("host", "content-length", "transfer-encoding", "connection",
      "keep-alive", "expect", "upgrade", "te", "trailer", "proxy-connection", "http2-settings");
  /** Upstream headers Kong drops before answering with the new body. */
  private static final Set<String> NOT_RETURNED = Set.of("content-length", "content-encoding", "transfer-encoding",
      "connection", "keep-alive");

  public record Config(
      String prompt,
      @Nullable String transformationExtractPattern,
      @Default("false") boolean parseLlmResponseJsonInstructions,
      @Default("60000") int httpTimeout,
      @Default("true") boolean httpsVerify,
      @Default("8192") @Gt(0) @Nullable Integer maxRequestBodySize,
      @Host @Nullable String httpProxyHost,
      @Between(min = 0, max = 65535) @Nullable Integer httpProxyPort,
      @Host @Nullable String httpsProxyHost,
      @Between(min = 0, max = 65535) @Nullable Integer httpsProxyPort,
      Transformers.Llm llm) {}

  /** The config with its HTTP client (upstream and model calls) and compiled pattern. */
  public record Prepared(Config config, LlmClient client, @Nullable Pattern extract) {}

  /** What the two calls produced: the upstream's answer and the model's. */
  private record Outcome(HttpResponse<byte[]> upstream, LlmClient.Answer answer) {}

  /** A failed call: the status and Kong's message to answer with. */
  private record Failure(int status, String message) {}

  @Override
  public Prepared prepare(Config c) {
    return new Prepared(c, Transformers.client(c.httpTimeout(), c.httpsVerify(), c.httpProxyHost(), c.httpProxyPort(),
        c.httpsProxyHost(), c.httpsProxyPort()), Transformers.pattern(c.transformationExtractPattern()));
  }

  @Override
  public EntityChecks checks(Class<? extends Record> type) {
    return Transformers.checks(type, Config.class);
  }

  @Override
  public boolean needsRequestBody(Request request, Prepared p) {
    return true;
  }

  @Override
  public @Nullable CompletionStage<?> accessAsync(AccessPhase ctx, Prepared p) {
    Service service = ctx.service();
    if (service == null) return CompletableFuture.completedFuture(new Failure(500, "failed to connect to upstream: no service"));
    HttpRequest.Builder request;
    try {
      request = upstreamRequest(ctx, service, p.config());
    } catch (IllegalArgumentException e) {
      return CompletableFuture.completedFuture(new Failure(500, "failed to connect to upstream: " + e.getMessage()));
    }
    Transformers.Llm llm = p.config().llm();
    io.gatehouse.sdk.HttpCalls calls = ctx.httpCalls(); // taken on the event loop, used when the answer is in
    return p.client().send(request)
        .handle((res, failure) -> {
          if (failure != null) throw new CompletionException(new Failure500("subrequest failed: " + message(failure)));
          return res;
        })
        .thenCompose(res -> p.client().chat(calls, llm.auth(), llm.model(), p.config().prompt(), text(res))
            .thenApply(answer -> new Outcome(res, answer)))
        .handle((outcome, failure) -> failure == null ? (Object) outcome : failure(failure));
  }

  /** Kong's {@code subrequest}: the request as it would go upstream, to the service's origin. */
  private static HttpRequest.Builder upstreamRequest(AccessPhase ctx, Service service, Config c) {
    String scheme = "https".equals(service.protocol()) ? "https" : "http";
    String query = ctx.upstream().rawQuery();
    URI uri = URI.create(scheme + "://" + hostPart(service.host()) + ":" + service.port() + ctx.upstream().path()
        + (query == null ? "" : "?" + query));
    byte[] body = ctx.requestBody() == null ? new byte[0] : ctx.requestBody().bytes();
    int max = c.maxRequestBodySize() == null ? 8192 : c.maxRequestBodySize();
    if (body.length > max) body = new byte[0]; // Kong's get_raw_body(max) gives no body past the limit
    HttpRequest.Builder b = HttpRequest.newBuilder(uri).version(HttpClient.Version.HTTP_1_1)
        .method(ctx.upstream().method(), body.length == 0 ? HttpRequest.BodyPublishers.noBody()
            : HttpRequest.BodyPublishers.ofByteArray(body));
    for (String name : ctx.request().headerNames()) {
      if (NOT_FORWARDED.contains(name.toLowerCase(Locale.ROOT))) continue;
      for (String value : ctx.request().headers(name)) b.header(name, value);
    }
    return b;
  }

  private static String hostPart(String host) {
    return host.indexOf(':') >= 0 && !host.startsWith("[") ? "[" + host + "]" : host;
  }

  /** The upstream's body as text, inflated when it came gzip-compressed. */
  private static String text(HttpResponse<byte[]> res) {
    byte[] body = res.body();
    if ("gzip".equalsIgnoreCase(res.headers().firstValue("Content-Encoding").orElse(""))) {
      try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(body))) {
        body = in.readAllBytes();
      } catch (IOException e) {
        throw new CompletionException(new Failure500("failed to inflate the upstream response: " + e.getMessage()));
      }
    }
    return new String(body, StandardCharsets.UTF_8);
  }

  /** A failure Kong answers with 500 (the upstream call), as an exception to carry it through the stages. */
  private static final class Failure500 extends RuntimeException {
    Failure500(String message) {
      super(message, null, false, false);
    }
  }

  private static Failure failure(Throwable t) {
    Throwable c = t instanceof CompletionException && t.getCause() != null ? t.getCause() : t;
    if (c instanceof Failure500 f) return new Failure(500, f.getMessage());
    if (c instanceof LlmException e) return new Failure(400, e.getMessage());
    return new Failure(400, "failed to introspect request with AI service: " + message(c));
  }

  private static String message(Throwable t) {
    Throwable c = t instanceof CompletionException && t.getCause() != null ? t.getCause() : t;
    return c.getMessage() != null ? c.getMessage() : c.getClass().getSimpleName();
  }

  @Override
  public void resume(AccessPhase ctx, Prepared p, @Nullable Object result) {
    if (result instanceof Failure f) {
      ctx.exit(f.status(), Map.of("error", Map.of("message", f.message())), Map.of());
      return;
    }
    if (!(result instanceof Outcome o)) {
      ctx.exit(500, Map.of("error", Map.of("message", "no answer")), Map.of());
      return;
    }
    ctx.shared().put(ANSWER, o.answer());
    String content;
    try {
      content = Transformers.extract(o.answer().content(), p.extract());
    } catch (LlmException e) {
      ctx.exit(400, Map.of("error", Map.of("message", e.getMessage())), Map.of());
      return;
    }
    Map<String, String> headers = upstreamHeaders(o.upstream());
    if (!p.config().parseLlmResponseJsonInstructions()) {
      ctx.exit(o.upstream().statusCode(), content, headers);
      return;
    }
    JsonInstructions in;
    try {
      in = JsonInstructions.parse(content);
    } catch (IllegalArgumentException e) {
      ctx.exit(500, Map.of("error", Map.of("message", "failed to parse JSON response instructions from AI backend: "
          + e.getMessage())), Map.of());
      return;
    }
    in.headers().forEach((name, value) -> {
      headers.keySet().removeIf(k -> k.equalsIgnoreCase(name));
      headers.put(name, value);
    });
    ctx.exit(in.status(), in.body(), headers);
  }

  /** The upstream's headers without those that described its body (several values joined by {@code , }). */
  private static Map<String, String> upstreamHeaders(HttpResponse<byte[]> res) {
    Map<String, String> out = new LinkedHashMap<>();
    for (Map.Entry<String, List<String>> e : res.headers().map().entrySet()) {
      String name = e.getKey();
      if (name.startsWith(":") || NOT_RETURNED.contains(name.toLowerCase(Locale.ROOT))) continue;
      out.put(name, String.join(", ", e.getValue()));
    }
    return out;
  }

  /** Kong's {@code post_request}: {@code ai.ai-response-transformer.meta/usage} when statistics are logged. */
  @Override
  public void log(LogPhase ctx, Prepared p) {
    if (ctx.shared().get(ANSWER) instanceof LlmClient.Answer a) Transformers.log(ctx, "ai-response-transformer", p.config().llm(), a);
  }
}
