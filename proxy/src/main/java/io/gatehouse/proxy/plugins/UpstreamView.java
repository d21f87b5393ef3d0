package io.gatehouse.proxy.plugins;

import io.gatehouse.plugin.UpstreamRequest;
import io.netty.handler.codec.http.HttpHeaders;
import org.jspecify.annotations.Nullable;

/** {@link UpstreamRequest} over the live headers; query changes are kept for the request flow. */
final class UpstreamView implements UpstreamRequest {
  private final HttpHeaders headers;
  private @Nullable String rawQuery;
  boolean queryChanged;

  UpstreamView(RequestFacts facts) {
    this.headers = facts.headers();
    this.rawQuery = facts.rawQuery();
  }

  @Override
  public @Nullable String header(String name) {
    return headers.get(name);
  }

  @Override
  public void setHeader(String name, String value) {
    headers.set(name, value);
  }

  @Override
  public void addHeader(String name, String value) {
    headers.add(name, value);
  }

  @Override
  public void removeHeader(String name) {
    headers.remove(name);
  }

  @Override
  public @Nullable String rawQuery() {
    return rawQuery;
  }

  @Override
  public void setRawQuery(@Nullable String rawQuery) {
    this.rawQuery = rawQuery;
    queryChanged = true;
  }

  @Override
  public void removeQueryArg(String name) {
    setRawQuery(QueryString.without(rawQuery, name));
  }
}
