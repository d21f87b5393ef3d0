package io.gatehouse.plugins.circuitbreaker;

import io.gatehouse.plugins.functioncall.FunctionHttp;
import io.gatehouse.sdk.AccessPhase;
import io.gatehouse.sdk.Request;
import io.gatehouse.sdk.RequestBody;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * {@code fallback_url}: while the breaker is open, the request goes there instead — the client's
 * method, headers (not {@code Host}) and body, its path appended to the URL's path and its query
 * string — without blocking the event loop; the fallback's answer is the client's.
 */
final class Fallback {
  private final String base;
  private final Duration timeout;

  Fallback(String url, long timeoutMillis) {
    String b = url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    URI.create(b); // checked by the schema; a bad URL fails the snapshot here
    this.base = b;
    this.timeout = Duration.ofMillis(Math.max(1, timeoutMillis));
  }

  /** The fallback's {@link HttpResponse}, or the {@link Throwable} that kept it from answering. */
  CompletableFuture<Object> call(AccessPhase ctx) {
    Request request = ctx.request();
    String query = request.rawQuery();
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + request.path() + (query == null ? "" : "?" + query)))
        .timeout(timeout);
    for (String name : request.headerNames()) {
      if (!FunctionHttp.restricted(name)) request.headers(name).forEach(v -> b.header(name, v));
    }
    RequestBody body = ctx.requestBody();
    byte[] bytes = body == null ? new byte[0] : body.bytes();
    b.method(request.method(), bytes.length == 0 ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofByteArray(bytes));
    return FunctionHttp.client(false, null).sendAsync(b.build(), HttpResponse.BodyHandlers.ofByteArray())
        .orTimeout(timeout.toMillis(), TimeUnit.MILLISECONDS)
        .handle((r, e) -> e != null ? e : r);
  }
}
