package io.gatehouse.plugins.openwhisk;

import io.gatehouse.core.json.Json;
import io.gatehouse.plugins.functioncall.FunctionAnswer;
import io.gatehouse.plugins.functioncall.FunctionHttp;
import io.gatehouse.plugins.functioncall.KongArgs;
import io.gatehouse.sdk.AccessPhase;
import io.gatehouse.sdk.HeaderPhase;
import io.gatehouse.sdk.Multipart;
import io.gatehouse.sdk.PluginInfo;
import io.gatehouse.sdk.PreparedPlugin;
import io.gatehouse.sdk.Request;
import io.gatehouse.sdk.RequestBody;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * openwhisk (priority 1000): a blocking invocation, {@code POST <path>/actions/<action>?blocking=true
 * &result=<result>&timeout=<timeout>} with the request's query arguments merged with its JSON,
 * form or multipart body as the JSON parameters and {@code Authorization: Basic <service_token>};
 * the answer is OpenWhisk's status, headers and body. Other methods answer 405, a body that is not
 * JSON though it says so 400, a failed connection 500.
 */
@PluginInfo(name = "openwhisk", priority = 1000, version = "1.0.0")
public final class OpenWhiskPlugin implements PreparedPlugin<OpenWhiskConfig, OpenWhiskPlugin.Action> {
  private static final Logger log = LoggerFactory.getLogger(OpenWhiskPlugin.class);

  /** The action's URL and how to call it, once per snapshot. */
  public record Action(URI uri, Set<String> methods, @Nullable String authorization, HttpClient client, Duration timeout) {}

  @Override
  public Action prepare(OpenWhiskConfig c) {
    int timeout = c.timeout() == null ? 60000 : c.timeout();
    boolean result = !Boolean.FALSE.equals(c.result());
    String scheme = Boolean.FALSE.equals(c.https()) ? "http" : "https";
    URI uri = URI.create(scheme + "://" + c.host() + ":" + c.port() + c.path() + "/actions/" + c.action()
        + "?blocking=true&result=" + result + "&timeout=" + timeout);
    String auth = c.serviceToken() == null ? null
        : "Basic " + Base64.getEncoder().encodeToString(c.serviceToken().getBytes(StandardCharsets.UTF_8));
    Set<String> methods = Set.copyOf(c.methods() == null ? List.of("POST") : c.methods());
    return new Action(uri, methods, auth, FunctionHttp.client(Boolean.TRUE.equals(c.httpsVerify()), null),
        Duration.ofMillis(Math.max(1, timeout)));
  }

  @Override
  public boolean needsRequestBody(Request request, Action a) {
    return a.methods().contains(request.method());
  }

  @Override
  public @Nullable CompletionStage<?> accessAsync(AccessPhase ctx, Action a) {
    if (!a.methods().contains(ctx.request().method())) {
      ctx.exit(405, Map.of("message", "Method not allowed"), Map.of());
      return null;
    }
    Map<String, Object> parameters;
    try {
      parameters = parameters(ctx.request(), ctx.requestBody());
    } catch (IllegalArgumentException e) {
      ctx.exit(400, Map.of("message", String.valueOf(e.getMessage())), Map.of());
      return null;
    }
    byte[] json;
    try {
      json = Json.MAPPER.writeValueAsBytes(parameters);
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
    HttpRequest.Builder call = HttpRequest.newBuilder(a.uri()).timeout(a.timeout())
        .header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofByteArray(json));
    if (a.authorization() != null) call.header("Authorization", a.authorization());
    return ctx.httpCalls().send(a.client(), call.build(), HttpResponse.BodyHandlers.ofByteArray())
        .orTimeout(a.timeout().toMillis(), TimeUnit.MILLISECONDS)
        .handle((response, error) -> error != null ? error : response);
  }

  @Override
  public void resume(AccessPhase ctx, Action a, @Nullable Object result) {
    if (!(result instanceof HttpResponse<?> r)) {
      Throwable t = result instanceof CompletionException ce && ce.getCause() != null ? ce.getCause() : (Throwable) result;
      log.error("[openwhisk] call to {} failed: {}", a.uri().getHost(), t == null ? "?" : t.toString());
      // Kong's plugin words a failed connection and a failed request differently
      boolean connect = t instanceof HttpConnectTimeoutException || t instanceof java.net.ConnectException;
      ctx.exit(500, Map.of("message", connect ? "An unexpected error happened" : "An unexpected error occurred"), Map.of());
      return;
    }
    FunctionAnswer.exit(ctx, r.statusCode(), (byte[]) r.body(), FunctionHttp.endToEnd(r.headers()), FunctionAnswer.Via.TOKEN);
  }

  @Override
  public void headerFilter(HeaderPhase ctx, Action a) {
    FunctionAnswer.headerFilter(ctx);
  }

  /**
   * The query arguments ({@code true} for one without {@code =}, a list when repeated) overridden by
   * the body's: multipart fields, a JSON object, or form arguments.
   *
   * @throws IllegalArgumentException for a body declared JSON that does not parse
   */
  static Map<String, Object> parameters(Request request, @Nullable RequestBody body) {
    Map<String, Object> out = KongArgs.query(request.rawQuery());
    if (body == null || body.bytes().length == 0 && body.type() != io.gatehouse.sdk.BodyType.JSON) return out;
    switch (body.type()) {
      case MULTIPART -> {
        Multipart m = body.multipartBody();
        if (m != null) m.parts().forEach(p -> out.put(p.name(), p.text()));
      }
      case JSON -> {
        Object json;
        try {
          json = body.json();
        } catch (IllegalArgumentException e) {
          throw new IllegalArgumentException("Expected value but found invalid JSON: " + e.getMessage(), e);
        }
        if (json instanceof Map<?, ?> map) map.forEach((k, v) -> out.put(String.valueOf(k), v));
      }
      case FORM -> body.form().forEach((k, v) -> out.put(k, v.size() == 1 ? v.getFirst() : List.copyOf(v)));
      default -> { }
    }
    return out;
  }
}
