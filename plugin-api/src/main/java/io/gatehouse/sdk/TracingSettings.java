package io.gatehouse.sdk;

import java.util.Objects;
import java.util.Set;

/**
 * The node's tracing settings, Kong's {@code tracing_instrumentations} and
 * {@code tracing_sampling_rate} from {@code kong.conf}: which spans the node records and how many
 * traces it keeps when a plugin sets no rate of its own.
 *
 * @param instrumentations {@code off}, {@code all}, {@code request} or instrumentation names
 *     ({@code balancer}, {@code router}, {@code plugin_access} …)
 * @param samplingRate 0 to 1
 */
public record TracingSettings(Set<String> instrumentations, double samplingRate) {
  /** Kong's defaults: no instrumentation, a rate of 0.01. */
  public static final TracingSettings OFF = new TracingSettings(Set.of("off"), 0.01);

  public TracingSettings {
    instrumentations = Set.copyOf(Objects.requireNonNull(instrumentations, "instrumentations"));
    if (samplingRate < 0 || samplingRate > 1) {
      throw new IllegalArgumentException("samplingRate: expected 0 to 1, got " + samplingRate);
    }
  }

  /** Whether spans are recorded at all (anything but {@code off}): the request span then exists. */
  public boolean enabled() {
    return !instrumentations.isEmpty() && !instrumentations.contains("off");
  }

  /** Whether this instrumentation ({@code balancer}, {@code router} …) records spans. */
  public boolean enabled(String instrumentation) {
    return enabled() && (instrumentations.contains("all") || instrumentations.contains(instrumentation));
  }

  /**
   * Kong's probability sampler ({@code kong/pdk/tracing.lua}): a trace is kept when the first 8
   * bytes of its id, read as an unsigned little-endian number (the x86 reading of Kong's FFI
   * cast), are below {@code rate × 2^64}; a rate of 1 or more keeps all, 0 or less none. A trace
   * kept at one rate is kept at every higher one, which lets the node decide once per request.
   */
  public static boolean sampled(byte[] traceId, double rate) {
    if (rate >= 1) return true;
    if (rate <= 0) return false;
    long v = 0;
    for (int i = 7; i >= 0; i--) v = (v << 8) | (traceId[i] & 0xff);
    double unsigned = (double) (v >>> 1) * 2.0 + (v & 1);
    return unsigned < rate * 0x1p64;
  }
}
