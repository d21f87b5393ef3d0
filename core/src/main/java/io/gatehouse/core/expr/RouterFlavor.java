package io.gatehouse.core.expr;

import java.util.Locale;

/** Kong's {@code router_flavor} setting: which route fields exist and how routes match. */
public enum RouterFlavor {
  TRADITIONAL, TRADITIONAL_COMPATIBLE, EXPRESSIONS;

  /** The flavor named by a {@code router_flavor} value (validated by the settings). */
  public static RouterFlavor of(String setting) {
    return valueOf(setting.trim().toUpperCase(Locale.ROOT));
  }
}
