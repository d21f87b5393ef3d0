package io.gatehouse.sdk;

import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/** One row of a table (a plugin-owned one, or a core one such as {@code routes}), read-only (see {@link Entity}); field names are Kong's (snake_case). */
public interface Row {

  /** The row's id. */
  String id();

  /** The owning consumer's id ({@code consumer.id}), or null for a row without one. */
  @Nullable String consumerId();

  /** A string field, or null when unset or not a string. */
  @Nullable String text(String field);

  /** A boolean field, or null when unset. */
  @Nullable Boolean bool(String field);

  /** A number field, or null when unset. */
  @Nullable Double number(String field);

  /** An array or set of strings; empty when unset. */
  List<String> strings(String field);

  /**
   * The whole row as plain values ({@code String}, {@code Boolean}, {@code Long}, {@code Double},
   * {@code List}, {@code Map}, null), in field order: to echo it as JSON.
   */
  Map<String, @Nullable Object> toMap();

  /** When a row with a {@code ttl} expires (epoch millis); {@link Long#MAX_VALUE} without one. */
  long expiresAtMillis();
}
