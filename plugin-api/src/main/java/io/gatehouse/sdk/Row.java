package io.gatehouse.sdk;

import java.util.List;
import org.jspecify.annotations.Nullable;

/** One row of a plugin-owned table, read-only (see {@link Entity}); field names are Kong's (snake_case). */
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

  /** When a row with a {@code ttl} expires (epoch millis); {@link Long#MAX_VALUE} without one. */
  long expiresAtMillis();
}
