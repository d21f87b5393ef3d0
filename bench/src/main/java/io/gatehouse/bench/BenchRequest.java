package io.gatehouse.bench;

import io.gatehouse.core.schema.PathNormalizer;
import io.gatehouse.proxy.router.RequestAttributes;
import java.util.List;
import org.jspecify.annotations.Nullable;

/** A pre-parsed request, as the proxy hands it to the router. */
record BenchRequest(String method, String host, int port, String path) implements RequestAttributes {
  static BenchRequest of(String method, String host, String rawPath) {
    return new BenchRequest(method, host, 8000, PathNormalizer.normalize(rawPath));
  }

  @Override
  public List<String> headerValues(String name) {
    return List.of();
  }

  @Override
  public @Nullable String sni() {
    return null;
  }
}
