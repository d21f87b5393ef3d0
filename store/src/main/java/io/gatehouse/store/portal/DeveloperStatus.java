package io.gatehouse.store.portal;

import java.util.Locale;

/** Where a developer account stands; only an approved developer may log in. */
public enum DeveloperStatus {
  PENDING,
  APPROVED,
  REJECTED;

  public String jsonName() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** The status named {@code text} (any case); IllegalArgumentException for another word. */
  public static DeveloperStatus parse(String text) {
    return valueOf(text.trim().toUpperCase(Locale.ROOT));
  }
}
