package io.gatehouse.sdk;

import org.jspecify.annotations.Nullable;

/** The logic of a {@link Check}: runs when config is validated (Admin API, declarative file), never per request. */
@FunctionalInterface
public interface Validator {

  /**
   * @param value the field's value: a {@code String}, {@code Boolean}, {@code Long}, {@code Double}
   * @return the error message Kong shows for the field, or null when the value is fine
   */
  @Nullable String check(Object value);
}
