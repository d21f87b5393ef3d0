package io.gatehouse.plugins.tracing;

import java.util.Locale;
import org.jspecify.annotations.Nullable;

/** The tracing header formats of Kong's propagation ({@code kong/observability/tracing/propagation}). */
public enum Format {
  W3C("w3c"),
  B3("b3"),
  B3_SINGLE("b3-single"),
  JAEGER("jaeger"),
  OT("ot"),
  DATADOG("datadog"),
  AWS("aws"),
  GCP("gcp");

  /** The name in plugin config ({@code propagation.extract}, {@code header_type} …). */
  public final String id;

  Format(String id) {
    this.id = id;
  }

  public static @Nullable Format of(@Nullable String id) {
    if (id == null) return null;
    for (Format f : values()) {
      if (f.id.equals(id.toLowerCase(Locale.ROOT))) return f;
    }
    return null;
  }
}
