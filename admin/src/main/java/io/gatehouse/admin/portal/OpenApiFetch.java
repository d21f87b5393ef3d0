package io.gatehouse.admin.portal;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.gatehouse.core.error.KongException;
import io.gatehouse.core.json.Json;
import io.gatehouse.store.EntityReads;
import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Flow;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.jspecify.annotations.Nullable;

/**
 * Fetches a product's OpenAPI document ({@code openapi_url}): an http(s) URL, or a path on the
 * product's service. One GET, bounded as a whole (connect, headers and body) by a timeout and by a
 * size; what comes back must read as an OpenAPI or Swagger document.
 */
final class OpenApiFetch {
  /** A fetch that did not give a document, with the reason for the operator. */
  static final class Failed extends Exception {
    Failed(String message) {
      super(message);
    }
  }

  private final Duration timeout;
  private final long maxBytes;
  private final HttpClient http;

  OpenApiFetch(Duration timeout, long maxBytes) {
    this.timeout = timeout;
    this.maxBytes = maxBytes;
    this.http = HttpClient.newBuilder().connectTimeout(timeout).followRedirects(HttpClient.Redirect.NORMAL).build();
  }

  /**
   * Where {@code ref} points: an absolute http(s) URL as is, or a path ({@code /…}) joined to the URL
   * of the product's first service (or its first route's service), as {@code entities} has it. A
   * schema violation on {@code openapi_url} when it names neither.
   */
  URI resolve(EntityReads entities, String ref, List<String> serviceIds, List<String> routeIds) {
    if (ref.startsWith("/")) {
      ObjectNode service = service(entities, serviceIds, routeIds).orElseThrow(() -> invalid(
          "a path needs a service: the product's routes have none; give a full URL"));
      String protocol = Json.text(service, "protocol");
      if (!"http".equals(protocol) && !"https".equals(protocol)) {
        throw invalid("the service's protocol is " + protocol + "; a path needs an http or https service");
      }
      String host = Json.text(service, "host");
      if (host != null && entities.findByUnique("upstreams", "name", host).isPresent()) {
        throw invalid("the service's host is upstream '" + host + "'; give a full URL");
      }
      String base = service.path("path").isTextual() ? service.get("path").asText() : "";
      if (base.endsWith("/")) base = base.substring(0, base.length() - 1);
      return uri(protocol + "://" + bracketed(host) + ":" + service.path("port").asInt(80) + base + ref);
    }
    URI uri = uri(ref);
    String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
    if (!(scheme.equals("http") || scheme.equals("https")) || uri.getHost() == null) {
      throw invalid("expected an http or https URL, or a path on the product's service (starting with /)");
    }
    return uri;
  }

  /** The document at {@code uri}, as text that reads as OpenAPI. */
  String fetch(URI uri) throws Failed {
    HttpRequest req = HttpRequest.newBuilder(uri).timeout(timeout)
        .header("Accept", "application/json, application/yaml, text/yaml, */*").GET().build();
    CompletableFuture<HttpResponse<byte[]>> call = http.sendAsync(req, info -> info.statusCode() / 100 == 2
        ? new Limited(maxBytes) : HttpResponse.BodySubscribers.replacing(new byte[0]));
    HttpResponse<byte[]> r;
    try {
      r = call.get(timeout.toMillis(), TimeUnit.MILLISECONDS); // the whole exchange, a slow body included
    } catch (TimeoutException e) {
      call.cancel(true);
      throw new Failed(uri + " did not answer within " + timeout.toMillis() + " ms");
    } catch (InterruptedException e) {
      call.cancel(true);
      Thread.currentThread().interrupt();
      throw new Failed("interrupted while fetching " + uri);
    } catch (ExecutionException e) {
      Throwable cause = e.getCause() instanceof java.io.IOException io && io.getCause() instanceof TooBig big ? big : e.getCause();
      if (cause instanceof java.net.http.HttpTimeoutException) { // the request's own timeout (connect, headers) came first
        throw new Failed(uri + " did not answer within " + timeout.toMillis() + " ms");
      }
      throw new Failed(cause instanceof TooBig ? uri + " sent more than " + maxBytes + " bytes"
          : "cannot fetch " + uri + ": " + (cause == null ? e : cause.getClass().getSimpleName()
              + (cause.getMessage() == null ? "" : " " + cause.getMessage())));
    }
    if (r.statusCode() / 100 != 2) throw new Failed(uri + " answered " + r.statusCode());
    String text = new String(r.body(), StandardCharsets.UTF_8);
    if (OpenApiOutline.read(text) == null) {
      throw new Failed(uri + " did not send an OpenAPI document (a JSON or YAML object with 'openapi' or 'swagger')");
    }
    return text;
  }

  private static Optional<ObjectNode> service(EntityReads entities, List<String> serviceIds, List<String> routeIds) {
    if (!serviceIds.isEmpty()) return entities.get("services", serviceIds.getFirst());
    for (String routeId : routeIds) {
      String serviceId = entities.get("routes", routeId).map(r -> Json.foreignId(r, "service")).orElse(null);
      if (serviceId != null) return entities.get("services", serviceId);
    }
    return Optional.empty();
  }

  private static String bracketed(String host) {
    return host.contains(":") && !host.startsWith("[") ? "[" + host + "]" : host;
  }

  private static URI uri(String text) {
    try {
      return new URI(text);
    } catch (URISyntaxException e) {
      throw invalid("not a URL: " + e.getReason());
    }
  }

  static KongException invalid(String why) {
    return KongException.schemaViolation(Json.object().put("openapi_url", why));
  }

  private static final class TooBig extends RuntimeException {
    TooBig() {
      super(null, null, false, false);
    }
  }

  /** A body kept in memory up to a size; one byte more cancels the exchange. */
  private static final class Limited implements HttpResponse.BodySubscriber<byte[]> {
    private final long max;
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final CompletableFuture<byte[]> result = new CompletableFuture<>();
    private Flow.@Nullable Subscription subscription;

    Limited(long max) {
      this.max = max;
    }

    @Override
    public CompletionStage<byte[]> getBody() {
      return result;
    }

    @Override
    public void onSubscribe(Flow.Subscription s) {
      subscription = s;
      s.request(Long.MAX_VALUE);
    }

    @Override
    public void onNext(List<ByteBuffer> items) {
      if (result.isDone()) return; // cancelled: what was still in flight is dropped
      for (ByteBuffer b : items) {
        if (out.size() + (long) b.remaining() > max) {
          java.util.Objects.requireNonNull(subscription).cancel();
          result.completeExceptionally(new TooBig());
          return;
        }
        byte[] chunk = new byte[b.remaining()];
        b.get(chunk);
        out.writeBytes(chunk);
      }
    }

    @Override
    public void onError(Throwable t) {
      result.completeExceptionally(t);
    }

    @Override
    public void onComplete() {
      result.complete(out.toByteArray());
    }
  }
}
