package io.gatehouse.sdk;

import java.util.List;
import org.jspecify.annotations.Nullable;

/** The response headers about to be sent ({@code kong.response}). Case-insensitive names. */
public interface ResponseHeaders {

  @Nullable String get(String name);

  List<String> getAll(String name);

  void set(String name, String value);

  void add(String name, String value);

  void remove(String name);

  /** Every header name, in order of first appearance. */
  List<String> names();
}
