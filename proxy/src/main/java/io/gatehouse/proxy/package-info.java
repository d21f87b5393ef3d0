/**
 * Gatehouse's data plane: start a {@link io.gatehouse.proxy.ProxyServer} with
 * {@link io.gatehouse.proxy.ProxyOptions}, then {@link io.gatehouse.proxy.ProxyServer#apply} config
 * snapshots. Sub-packages by job: {@code router} (Kong's router), {@code http} (Kong's HTTP rules as
 * pure functions), {@code runtime} (compiled snapshot), {@code upstream} (peers, pools, transport),
 * {@code server} (Netty handlers), {@code tls} (TLS listeners' certificates).
 */
@NullMarked
package io.gatehouse.proxy;

import org.jspecify.annotations.NullMarked;
