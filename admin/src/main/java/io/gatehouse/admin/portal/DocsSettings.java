package io.gatehouse.admin.portal;

import java.time.Duration;
import java.util.List;
import java.util.function.IntSupplier;
import org.jspecify.annotations.Nullable;

/**
 * What the portal's rendered API docs need from the node (docs/portal.md, "API docs and try-it").
 *
 * @param proxyUrl the proxy's public URL for browsers (Kong Enterprise's {@code proxy_url}); null:
 *     the host name the page was loaded from, on the proxy's first plain port (else its first TLS port)
 * @param proxyPort the proxy's first plain listener port, 0 when none
 * @param proxyTlsPort the proxy's first TLS listener port, 0 when none
 * @param portalOrigins where browsers load the portal's pages from, which the proxy's CORS must allow for try-it
 * @param fetchTimeout the longest a fetch of a product's {@code openapi_url} may take, all of it
 * @param fetchMaxBytes the largest document such a fetch accepts
 */
public record DocsSettings(@Nullable String proxyUrl, IntSupplier proxyPort, IntSupplier proxyTlsPort,
    PortalOrigins portalOrigins, Duration fetchTimeout, long fetchMaxBytes) {
  public static final Duration FETCH_TIMEOUT = Duration.ofSeconds(10);
  public static final long FETCH_MAX_BYTES = 2L << 20;

  /** No proxy known, no portal origins (no CORS for try-it), the default fetch limits. */
  public static DocsSettings none() {
    return new DocsSettings(null, () -> 0, () -> 0, PortalOrigins.listenersOnly(List::of), FETCH_TIMEOUT, FETCH_MAX_BYTES);
  }
}
