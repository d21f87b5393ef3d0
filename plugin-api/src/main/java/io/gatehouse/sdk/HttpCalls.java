package io.gatehouse.sdk;

import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.concurrent.CompletableFuture;

/**
 * Where a plugin sends the outbound HTTP calls it makes while serving a request (a function
 * invocation, an LLM, a token endpoint): {@link Phase#httpCalls()}. With Kong's
 * {@code http_client} instrumentation on, each call becomes a {@code kong.internal.request} client
 * span of the request's trace (Kong traces {@code resty.http}'s {@code request_uri} the same way);
 * otherwise it is exactly {@link HttpClient#sendAsync}. Unlike the phase context it comes from, it
 * may be kept and used from any thread until the request's calls are done.
 */
@FunctionalInterface
public interface HttpCalls {
  /** Sends without recording anything. */
  HttpCalls DIRECT = HttpClient::sendAsync;

  /** Sends {@code request} with {@code client}, as {@link HttpClient#sendAsync} does. */
  <T> CompletableFuture<HttpResponse<T>> send(HttpClient client, HttpRequest request,
      HttpResponse.BodyHandler<T> handler);
}
