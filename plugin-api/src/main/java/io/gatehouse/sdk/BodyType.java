package io.gatehouse.sdk;

import java.util.Locale;
import org.jspecify.annotations.Nullable;

/** The body formats the gateway parses, told apart like Kong: a substring match on Content-Type. */
public enum BodyType {
  FORM,
  JSON,
  MULTIPART,
  OTHER;

  /** The format a Content-Type names ({@link #OTHER} for none or an unknown one). */
  public static BodyType of(@Nullable String contentType) {
    if (contentType == null) {
      return OTHER;
    }
    String t = contentType.toLowerCase(Locale.ROOT);
    if (t.contains("application/x-www-form-urlencoded")) {
      return FORM;
    }
    if (t.contains("application/json")) {
      return JSON;
    }
    if (t.contains("multipart/form-data")) {
      return MULTIPART;
    }
    return OTHER;
  }
}
