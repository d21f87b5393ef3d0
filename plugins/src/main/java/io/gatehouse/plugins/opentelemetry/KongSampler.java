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
    if (rate >= 1) return true;
    if (rate <= 0) return false;
    long v = 0;
    for (int i = 7; i >= 0; i--) v = (v << 8) | (traceId[i] & 0xff);
    double unsigned = (double) (v >>> 1) * 2.0 + (v & 1);
    return unsigned < rate * 0x1p64;
  }
}
