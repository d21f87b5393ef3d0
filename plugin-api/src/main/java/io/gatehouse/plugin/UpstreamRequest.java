package io.gatehouse.plugin;

import org.jspecify.annotations.Nullable;

/** The request that will be sent upstream ({@code kong.service.request}); starts as the client's. */
public interface UpstreamRequest {

  @Nullable String header(String name);

  void setHeader(String name, String value);

  void addHeader(String name, String value);

  void removeHeader(String name);

  /** The query string to send, or null for none. */
  @Nullable String rawQuery();

  void setRawQuery(@Nullable String rawQuery);

  /**
   * Removes every argument with this (decoded) name from the upstream query string, keeping the
   * others as sent and in order.
   */
  void removeQueryArg(String name);
}
