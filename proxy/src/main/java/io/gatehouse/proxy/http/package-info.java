/**
 * HTTP rules Kong applies around proxying, as pure functions: the upstream path (strip_path and
 * v0 joining), error bodies negotiated by {@code Accept}, forwarding and hop-by-hop headers,
 * request ids, trusted-IP checks. No Netty channel code lives here.
 */
@NullMarked
package io.gatehouse.proxy.http;

import org.jspecify.annotations.NullMarked;
