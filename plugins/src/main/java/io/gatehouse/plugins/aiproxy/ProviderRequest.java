package io.gatehouse.plugins.aiproxy;

import java.net.URI;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * The request ai-proxy sends to a provider for one client request: the origin, path and query,
 * the headers to set (credentials and signatures included) and the translated body (null: the
 * client's body as it came, {@code preserve}), with the call it starts.
 */
record ProviderRequest(LlmCall call, boolean tls, String host, int port, String path, @Nullable String query,
    Map<String, String> headers, byte @Nullable [] body) {

  URI uri() {
    return URI.create((tls ? "https" : "http") + "://" + (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + port
        + path + (query == null || query.isEmpty() ? "" : "?" + query));
  }
}
