package io.gatehouse.app.settings;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/** Kong's {@code log_level} values, and the SLF4J level each one maps to. */
public enum LogLevel {
  DEBUG("DEBUG"),
  INFO("INFO"),
  NOTICE("INFO"),
  WARN("WARN"),
  ERROR("ERROR"),
  CRIT("ERROR"),
  ALERT("ERROR"),
  EMERG("ERROR");

  private final String slf4jLevel;

  LogLevel(String slf4jLevel) {
    this.slf4jLevel = slf4jLevel;
  }

  /** The name used in {@code gatehouse.conf}. */
  public String kongName() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** The SLF4J/Logback level name: nginx has more severities than SLF4J, so several share one. */
  public String slf4jLevel() {
    return slf4jLevel;
  }

  /** Kong's names, from the most verbose. */
  public static List<String> kongNames() {
    return Arrays.stream(values()).map(LogLevel::kongName).toList();
  }
}
