package io.gatehouse.sdk;

import java.util.List;
import org.jspecify.annotations.Nullable;

/** The response headers about to be sent ({@code kong.response}). Case-insensitive names. */
public interface ResponseHeaders {

  /** The first value of a header, or null. */
  @Nullable String get(String name);

  /** Every value of a header; empty when absent. */
  List<String> getAll(String name);

  /** Sets a header, replacing every value of that name. */
  void set(String name, String value);

  /** Adds a value, keeping those already there. */
  void add(String name, String value);

  /** Removes every value of a header. */
  void remove(String name);

  /** Every header name, in order of first appearance. */
  List<String> names();
}
