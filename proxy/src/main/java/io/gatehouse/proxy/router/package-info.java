/**
 * Kong's {@code traditional_compatible} router, compiled from a snapshot's routes.
 *
 * <p>Start at {@link io.gatehouse.proxy.router.Router#compile}: routes are split into matchers (one
 * per path group, Kong §4.4), ranked once by Kong's priority, and indexed by host (exact map,
 * wildcard maps) and by a path trie, so a lookup only visits matchers whose host and path prefix
 * can match and keeps the best-ranked hit. Pure code: no Netty, no I/O.
 */
@NullMarked
package io.gatehouse.proxy.router;

import org.jspecify.annotations.NullMarked;
