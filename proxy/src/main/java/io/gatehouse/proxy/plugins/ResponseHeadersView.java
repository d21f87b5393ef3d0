package io.gatehouse.proxy.plugins;

import io.gatehouse.sdk.ResponseHeaders;
import io.netty.handler.codec.http.HttpHeaders;
import java.util.List;
import org.jspecify.annotations.Nullable;

/** {@link ResponseHeaders} over the outgoing response's headers. */
final class ResponseHeadersView implements ResponseHeaders, HeadBytes {
  private final HttpHeaders headers;

  ResponseHeadersView(HttpHeaders headers) {
    this.headers = headers;
  }

  @Override
  public long headerLineBytes() {
    long size = 0;
    for (var it = headers.iteratorCharSequence(); it.hasNext(); ) {
      var e = it.next();
      size += e.getKey().length() + 2 + e.getValue().length() + 2;
    }
    return size;
  }

  @Override
  public @Nullable String get(String name) {
    return headers.get(HeaderNames.of(name));
  }

  @Override
  public List<String> getAll(String name) {
    return headers.getAll(HeaderNames.of(name));
  }

  @Override
  public void set(String name, String value) {
    headers.set(HeaderNames.of(name), value);
  }

  @Override
  public void add(String name, String value) {
    headers.add(HeaderNames.of(name), value);
  }

  @Override
  public void remove(String name) {
    headers.remove(HeaderNames.of(name));
  }

  @Override
  public List<String> names() {
    return new java.util.ArrayList<>(headers.names());
  }
}
