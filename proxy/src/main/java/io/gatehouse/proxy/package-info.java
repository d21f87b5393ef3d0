/**
 * Gatehouse's data plane: start a {@link io.gatehouse.proxy.ProxyServer} with
 * {@link io.gatehouse.proxy.ProxyOptions}, then {@link io.gatehouse.proxy.ProxyServer#apply} config
 * snapshots. Sub-packages by job, lowest first (no package cycle): {@code http} (Kong's HTTP rules
 * as pure functions), {@code tls} (certificates), {@code health} (address health), {@code upstream}
 * (origins, peers, pools, transport), {@code balancer} (Kong's ring balancer), {@code router}
 * (Kong's router), {@code plugins} (the plugin phase runner), {@code runtime} (the compiled
 * snapshot), {@code server} (Netty handlers and the request coordinator). Read by others:
 * {@code events} (the request path's event seam) and {@code status} (the read-only view the Admin
 * and status APIs use: upstream health, connection counters).
 */
@NullMarked
package io.gatehouse.proxy;

import org.jspecify.annotations.NullMarked;
