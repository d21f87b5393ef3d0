package io.gatehouse.proxy.plugins;

import io.gatehouse.plugin.ResponseHeaders;
import io.netty.handler.codec.http.HttpHeaders;
import java.util.List;
import org.jspecify.annotations.Nullable;

/** {@link ResponseHeaders} over the outgoing response's headers. */
final class ResponseHeadersView implements ResponseHeaders {
  private final HttpHeaders headers;

  ResponseHeadersView(HttpHeaders headers) {
    this.headers = headers;
  }

  @Override
  public @Nullable String get(String name) {
    return headers.get(name);
  }

  @Override
  public List<String> getAll(String name) {
    return headers.getAll(name);
  }

  @Override
  public void set(String name, String value) {
    headers.set(name, value);
  }

  @Override
  public void add(String name, String value) {
    headers.add(name, value);
  }

  @Override
  public void remove(String name) {
    headers.remove(name);
  }

  @Override
  public List<String> names() {
    return new java.util.ArrayList<>(headers.names());
  }
}
