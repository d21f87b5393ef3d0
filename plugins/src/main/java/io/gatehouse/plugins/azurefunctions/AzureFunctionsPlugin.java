package io.gatehouse.plugins.azurefunctions;

import io.gatehouse.plugins.functioncall.FunctionAnswer;
import io.gatehouse.plugins.functioncall.FunctionHttp;
import io.gatehouse.sdk.AccessPhase;
import io.gatehouse.sdk.HeaderPhase;
import io.gatehouse.sdk.PluginInfo;
import io.gatehouse.sdk.PreparedPlugin;
import io.gatehouse.sdk.Protocols;
import io.gatehouse.sdk.Request;
import io.gatehouse.sdk.RequestBody;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * azure-functions (Kong 3.9, priority 749): sends the client's method, query, headers (not
 * {@code Host}) and body to {@code http(s)://<appname>.<hostdomain>/<routeprefix>/<functionname>}
 * with {@code x-functions-key}/{@code x-functions-clientid}, and answers with the function's status,
 * headers and body. A failed call answers {@code 500 {"message":"An unexpected error occurred"}}.
 */
@PluginInfo(name = "azure-functions", priority = 749, protocols = Protocols.ALL)
public final class AzureFunctionsPlugin implements PreparedPlugin<AzureFunctionsConfig, AzureFunctionsPlugin.Target> {
  private static final Logger log = LoggerFactory.getLogger(AzureFunctionsPlugin.class);

  /** Where the function is and how to call it, worked out once per snapshot. */
  public record Target(AzureFunctionsConfig config, String base, HttpClient client, Duration timeout) {}

  @Override
  public Target prepare(AzureFunctionsConfig c) {
    boolean https = !Boolean.FALSE.equals(c.https());
    String prefix = trimSlashes(c.routeprefix());
    String path = (prefix.isEmpty() ? "" : "/" + prefix) + "/" + trimSlashes(c.functionname());
    String host = c.appname() + "." + c.hostdomain();
    boolean hasPort = host.matches(".*:\\d+$");
    String base = (https ? "https://" : "http://") + host + (hasPort ? "" : https ? ":443" : ":80") + path;
    URI.create(base); // a name that makes no URL is refused with the snapshot
    long millis = c.timeout() == null ? 600_000 : Math.max(1, c.timeout().longValue());
    return new Target(c, base, FunctionHttp.client(Boolean.TRUE.equals(c.httpsVerify()), null), Duration.ofMillis(millis));
  }

  @Override
  public boolean needsRequestBody(Request request, Target t) {
    return true;
  }

  @Override
  public @Nullable CompletionStage<?> accessAsync(AccessPhase ctx, Target t) {
    Request request = ctx.request();
    String query = request.rawQuery();
    HttpRequest.Builder call = HttpRequest.newBuilder(URI.create(query == null || query.isEmpty() ? t.base() : t.base() + "?" + query))
        .timeout(t.timeout());
    for (String name : request.headerNames()) {
      if (FunctionHttp.restricted(name) || isFunctionHeader(name)) continue;
      request.headers(name).forEach(v -> call.header(name, v));
    }
    if (t.config().apikey() != null) call.header("x-functions-key", t.config().apikey());
    if (t.config().clientid() != null) call.header("x-functions-clientid", t.config().clientid());
    RequestBody body = ctx.requestBody();
    byte[] bytes = body == null ? new byte[0] : body.bytes();
    call.method(request.method(), bytes.length == 0 ? HttpRequest.BodyPublishers.noBody()
        : HttpRequest.BodyPublishers.ofByteArray(bytes));
    return ctx.httpCalls().send(t.client(), call.build(), HttpResponse.BodyHandlers.ofByteArray())
        .orTimeout(t.timeout().toMillis(), TimeUnit.MILLISECONDS)
        .handle((response, error) -> error != null ? error : response);
  }

  @Override
  public void resume(AccessPhase ctx, Target t, @Nullable Object result) {
    if (!(result instanceof HttpResponse<?> r)) {
      log.error("azure-functions call to {} failed: {}", t.base(), result);
      ctx.exit(500, Map.of("message", "An unexpected error occurred"), Map.of());
      return;
    }
    FunctionAnswer.exit(ctx, r.statusCode(), (byte[]) r.body(), FunctionHttp.endToEnd(r.headers()), FunctionAnswer.Via.APPEND);
  }

  @Override
  public void headerFilter(HeaderPhase ctx, Target t) {
    FunctionAnswer.headerFilter(ctx);
  }

  /** The plugin sets these from its config (or leaves them out), as Kong replaces the client's. */
  private static boolean isFunctionHeader(String name) {
    return name.equalsIgnoreCase("x-functions-key") || name.equalsIgnoreCase("x-functions-clientid");
  }

  private static String trimSlashes(@Nullable String s) {
    if (s == null) return "";
    int from = 0;
    int to = s.length();
    while (from < to && s.charAt(from) == '/') from++;
    while (to > from && s.charAt(to - 1) == '/') to--;
    return s.substring(from, to);
  }
}
