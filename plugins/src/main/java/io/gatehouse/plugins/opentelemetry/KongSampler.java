package io.gatehouse.plugins.opentelemetry;

import org.jspecify.annotations.Nullable;

/**
 * Kong's sampling decision ({@code kong/pdk/tracing.lua}): a parent that said "not sampled" wins;
 * otherwise the first 8 bytes of the trace id, read as an unsigned little-endian number (the
 * x86 reading of Kong's FFI cast), must be below {@code rate × 2^64}.
 */
final class KongSampler {
  private KongSampler() {}

  static boolean sampled(@Nullable Boolean parentSampled, byte[] traceId, double rate) {
    if (Boolean.FALSE.equals(parentSampled)) return false;
    return io.gatehouse.sdk.TracingSettings.sampled(traceId, rate);
  }
}
