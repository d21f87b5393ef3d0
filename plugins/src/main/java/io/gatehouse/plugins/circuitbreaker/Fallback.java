package io.gatehouse.plugins.circuitbreaker;

import java.net.URI;
import java.util.Locale;

/**
 * {@code fallback_url}'s origin: while the breaker is open, refused requests are proxied there
 * ({@link io.gatehouse.sdk.Upstream#setTarget}, Kong's {@code kong.service.set_target}) as they would
 * have gone to the service — same path, method, headers and streaming body, the gateway's own
 * upstream client, the service's timeouts and retries.
 */
record Fallback(String scheme, String host, int port) {

  /** The origin of an {@code http(s)://host[:port]} URL (its path, if any, is not used). */
  static Fallback of(String url) {
    URI uri = URI.create(url);
    String scheme = uri.getScheme().toLowerCase(Locale.ROOT);
    if (!scheme.equals("http") && !scheme.equals("https")) {
      throw new IllegalArgumentException("fallback_url must be http or https: " + url);
    }
    int port = uri.getPort() > 0 ? uri.getPort() : scheme.equals("https") ? 443 : 80;
    return new Fallback(scheme, uri.getHost(), port);
  }
}
