package io.gatehouse.store.portal;

import java.util.Locale;

/** Where a subscription stands; only an approved one grants access at the proxy. */
public enum SubscriptionStatus {
  REQUESTED,
  APPROVED,
  REJECTED,
  REVOKED;

  public String jsonName() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** The status named {@code text} (any case); IllegalArgumentException for another word. */
  public static SubscriptionStatus parse(String text) {
    return valueOf(text.trim().toUpperCase(Locale.ROOT));
  }
}
