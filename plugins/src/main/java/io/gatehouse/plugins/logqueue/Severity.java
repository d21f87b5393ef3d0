package io.gatehouse.plugins.logqueue;

import java.util.Locale;

/**
 * The syslog severities of Kong's syslog and loggly plugins, by their Kong names, with the RFC 5424
 * code each stands for. A lower code is more severe.
 */
public enum Severity {
  EMERG(0), ALERT(1), CRIT(2), ERR(3), WARNING(4), NOTICE(5), INFO(6), DEBUG(7);

  private final int code;

  Severity(int code) {
    this.code = code;
  }

  public int code() {
    return code;
  }

  /** The severity named as in Kong's config ({@code err}, {@code info} …). */
  public static Severity of(String kongName) {
    return valueOf(kongName.toUpperCase(Locale.ROOT));
  }

  /** Whether an entry of this severity passes a {@code log_level} threshold (Kong: code ≤ threshold's code). */
  public boolean passes(Severity logLevel) {
    return code <= logLevel.code;
  }

  /** Kong's choice by response status: 5xx server errors, 4xx client errors, anything else successful. */
  public static Severity forStatus(int status, Severity successful, Severity clientErrors, Severity serverErrors) {
    if (status >= 500) return serverErrors;
    if (status >= 400) return clientErrors;
    return successful;
  }
}
