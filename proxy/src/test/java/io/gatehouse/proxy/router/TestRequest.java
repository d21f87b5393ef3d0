package io.gatehouse.proxy.router;

import io.gatehouse.core.schema.PathNormalizer;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/** A request for router tests; headers by lower-case name. */
record TestRequest(String method, String host, int port, String path, Map<String, List<String>> headers,
    @Nullable String sni) implements RequestAttributes {

  static TestRequest of(String method, String hostHeader, String rawPath) {
    return of(method, hostHeader, rawPath, Map.of());
  }

  static TestRequest of(String method, String hostHeader, String rawPath, Map<String, List<String>> headers) {
    String host = hostHeader;
    int port = 8000;
    int colon = host.lastIndexOf(':');
    if (colon > 0) {
      port = Integer.parseInt(host.substring(colon + 1));
      host = host.substring(0, colon);
    }
    return new TestRequest(method, host.toLowerCase(Locale.ROOT), port, PathNormalizer.normalize(rawPath), headers, null);
  }

  @Override
  public List<String> headerValues(String name) {
    return headers.getOrDefault(name, List.of());
  }
}
