package io.gatehouse.proxy.plugins;

import io.gatehouse.sdk.HttpCalls;
import java.net.InetSocketAddress;
import java.net.Proxy;
import java.net.ProxySelector;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.jspecify.annotations.Nullable;

/**
 * The SDK's {@link HttpCalls} of a request traced with {@code http_client}: each call is recorded
 * as Kong's {@code kong.internal.request} span ({@code http.url}, {@code http.method},
 * {@code http.flavor}, {@code http.user_agent}, {@code http.proxy} when one is used, and
 * {@code http.status_code} once answered). The span ends before the returned future completes, so
 * whatever the plugin does with the answer sees it recorded. Safe from any thread.
 */
final class TracedHttpCalls implements HttpCalls {
  /** What the JDK client sends as {@code User-Agent} when the request names none. */
  private static final String JDK_USER_AGENT = "Java-http-client/" + System.getProperty("java.version");

  private final TracedSteps steps;

  TracedHttpCalls(TracedSteps steps) {
    this.steps = steps;
  }

  @Override
  public <T> CompletableFuture<HttpResponse<T>> send(HttpClient client, HttpRequest request,
      HttpResponse.BodyHandler<T> handler) {
    long start = System.nanoTime();
    Map<String, Object> attributes = new LinkedHashMap<>();
    attributes.put("http.url", request.uri().toString());
    attributes.put("http.method", request.method());
    attributes.put("http.flavor", flavor(request.version().orElse(client.version())));
    attributes.put("http.user_agent", request.headers().firstValue("User-Agent").orElse(JDK_USER_AGENT));
    String proxy = proxy(client, request.uri());
    if (proxy != null) attributes.put("http.proxy", proxy);
    CompletableFuture<HttpResponse<T>> sent;
    try {
      sent = client.sendAsync(request, handler);
    } catch (RuntimeException e) { // a request the client refuses at once
      steps.httpCall(start, attributes, e);
      throw e;
    }
    return sent.whenComplete((response, failure) -> {
      if (response != null) {
        attributes.put("http.status_code", (long) response.statusCode());
        attributes.put("http.flavor", flavor(response.version())); // what was spoken, once known
      }
      steps.httpCall(start, attributes,
          failure instanceof java.util.concurrent.CompletionException c && c.getCause() != null ? c.getCause() : failure);
    });
  }

  private static String flavor(HttpClient.Version v) {
    return v == HttpClient.Version.HTTP_2 ? "2.0" : "1.1";
  }

  /** The proxy the client sends this call through, as a URL, or null for a direct call. */
  private static @Nullable String proxy(HttpClient client, URI uri) {
    ProxySelector selector = client.proxy().orElse(null);
    if (selector == null) return null;
    for (Proxy p : selector.select(uri)) {
      if (p.type() == Proxy.Type.HTTP && p.address() instanceof InetSocketAddress a) {
        return "http://" + a.getHostString() + ":" + a.getPort();
      }
    }
    return null;
  }
}
