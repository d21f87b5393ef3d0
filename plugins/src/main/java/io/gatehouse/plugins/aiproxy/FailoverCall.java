package io.gatehouse.plugins.aiproxy;

import io.gatehouse.plugins.llm.LlmClient;
import io.gatehouse.plugins.llm.LlmException;
import io.gatehouse.plugins.llm.LlmJson;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import org.jspecify.annotations.Nullable;

/**
 * ai-proxy-advanced's whole (non-streamed) model call: the planned provider requests are tried in
 * the balancer's order, each after the previous one failed by a {@code failover_criteria}
 * ({@code error}, {@code timeout}, {@code http_429} …), on the JDK's non-blocking client. The first
 * answer that is not a failover is the outcome: a success translated to the OpenAI format, any
 * other status passed with the target's secrets blanked.
 */
final class FailoverCall {
  private static final Set<String> RESTRICTED = Set.of("host", "content-length", "connection", "expect", "upgrade");

  /** One planned try: the target's index and config, and its provider request. */
  record Try(int target, AiProxyPlugin.Prepared proxy, ProviderRequest plan) {}

  /** The answer for the client and the try that gave it; {@code failovers} lists the tries that failed over. */
  record Outcome(Try by, int status, byte[] body, String contentType, List<Map<String, Object>> failovers) {}

  private final List<Try> tries;
  private final LlmClient client;
  private final Duration timeout;
  private final Set<String> criteria;
  private final TargetBalancer balancer;
  private final byte[] clientBody;
  private final List<Map<String, Object>> failovers = new ArrayList<>();

  FailoverCall(List<Try> tries, LlmClient client, Duration timeout, Set<String> criteria, TargetBalancer balancer,
      byte[] clientBody) {
    this.tries = tries;
    this.client = client;
    this.timeout = timeout;
    this.criteria = criteria;
    this.balancer = balancer;
    this.clientBody = clientBody;
  }

  CompletableFuture<Outcome> run() {
    return attempt(0);
  }

  private CompletableFuture<Outcome> attempt(int i) {
    Try t = tries.get(i);
    boolean more = i + 1 < tries.size();
    long start = System.nanoTime();
    return client.send(request(t.plan(), clientBody), timeout).handle((res, failure) -> {
      long ms = (System.nanoTime() - start) / 1_000_000;
      if (failure != null) {
        Throwable c = failure instanceof CompletionException && failure.getCause() != null ? failure.getCause() : failure;
        String kind = c instanceof HttpTimeoutException ? "timeout" : "error";
        balancer.observed(t.target(), Math.max(ms, timeout.toMillis())); // a failure counts as slow
        if (more && criteria.contains(kind)) return failedOver(t, kind, null, i);
        return CompletableFuture.completedFuture(unreachable(t, kind, failovers));
      }
      balancer.observed(t.target(), ms);
      int status = res.statusCode();
      if (more && criteria.contains("http_" + status)) return failedOver(t, "http_" + status, status, i);
      t.plan().call().latencyMs = ms;
      return CompletableFuture.completedFuture(answer(t, res));
    }).thenCompose(f -> f);
  }

  private CompletableFuture<Outcome> failedOver(Try t, String why, @Nullable Integer status, int i) {
    failovers.add(failover(t, why, status));
    return attempt(i + 1);
  }

  /** The log's record of a try that failed over ({@code ai.proxy.failover}). */
  static Map<String, Object> failover(Try t, String why, @Nullable Integer status) {
    Map<String, Object> f = new LinkedHashMap<>();
    f.put("provider", t.plan().call().model.provider());
    f.put("model", t.plan().call().requestModel());
    f.put("reason", why);
    if (status != null) f.put("status", status);
    return f;
  }

  /** The answer after a last try that got no answer: 504 on a timeout, else 502. */
  static Outcome unreachable(Try t, String kind, List<Map<String, Object>> failovers) {
    int status = kind.equals("timeout") ? 504 : 502;
    String message = kind.equals("timeout") ? "timeout waiting for the AI provider" : "failed to reach the AI provider";
    return new Outcome(t, status, LlmJson.bytes(Map.of("error", Map.of("message", message))), "application/json",
        failovers);
  }

  /** The provider request of a planned try (the client's body when the plan keeps it). */
  static HttpRequest.Builder request(ProviderRequest plan, byte[] clientBody) {
    byte[] body = plan.body() != null ? plan.body() : clientBody;
    HttpRequest.Builder b = HttpRequest.newBuilder(plan.uri()).version(HttpClient.Version.HTTP_1_1)
        .POST(HttpRequest.BodyPublishers.ofByteArray(body));
    plan.headers().forEach((name, value) -> {
      if (!RESTRICTED.contains(name.toLowerCase(Locale.ROOT))) b.setHeader(name, value);
    });
    return b;
  }

  /** A success in the OpenAI format with its usage noted on the call; any other answer as it came, secrets blanked. */
  private Outcome answer(Try t, HttpResponse<byte[]> res) {
    LlmCall call = t.plan().call();
    String type = res.headers().firstValue("Content-Type").orElse("application/json");
    if (res.statusCode() != 200) {
      return new Outcome(t, res.statusCode(), scrub(res.body(), t.proxy().secrets()), type, failovers);
    }
    byte[] out;
    int status = 200;
    try {
      out = call.driver.fromProvider(res.body(), call.model, call.routeType);
    } catch (LlmException e) {
      status = 500; // Kong's answer when a reply does not translate
      out = LlmJson.bytes(Map.of("error", Map.of("message", e.getMessage())));
    }
    Map<String, @Nullable Object> answer = LlmJson.object(out);
    Map<String, @Nullable Object> usage = LlmJson.map(answer, "usage");
    Number prompt = LlmJson.number(usage, "prompt_tokens");
    Number completion = LlmJson.number(usage, "completion_tokens");
    if (prompt != null) call.promptTokens = prompt.longValue();
    if (completion != null) call.completionTokens = completion.longValue();
    call.responseModel = LlmJson.string(answer, "model");
    call.responseBody = new String(out, StandardCharsets.UTF_8);
    return new Outcome(t, status, out, "application/json", failovers);
  }

  static byte[] scrub(byte[] body, List<String> secrets) {
    String s = new String(body, StandardCharsets.UTF_8);
    for (String secret : secrets) s = s.replace(secret, "[REDACTED]");
    return s.getBytes(StandardCharsets.UTF_8);
  }
}
