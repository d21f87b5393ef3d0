/**
 * proxy-cache (Kong's priority 100): caches whole upstream responses by Kong's key recipe and
 * answers later requests from the cache with {@code X-Cache-Status: Hit}. Strategy {@code memory}
 * keeps entries in a bounded Caffeine cache per dictionary name, shared by every instance naming
 * it and surviving configuration changes. Start at {@link io.gatehouse.plugins.proxycache.ProxyCachePlugin}.
 */
@NullMarked
package io.gatehouse.plugins.proxycache;

import org.jspecify.annotations.NullMarked;
