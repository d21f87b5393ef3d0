package io.gatehouse.proxy.plugins;

import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * One plugin in a route's chain, with the instance each consumer would get, resolved by Kong's
 * precedence at compile time (reference core §7.3): the request only does one map lookup.
 *
 * @param base the instance when no consumer is known (route+service, route, service, global), or null
 * @param byConsumer the instance for a consumer that has consumer-scoped instances of this plugin
 */
record ChainSlot(BoundPlugin plugin, @Nullable BoundInstance base, Map<String, BoundInstance> byConsumer) {

  @Nullable BoundInstance resolve(@Nullable String consumerId) {
    if (consumerId != null && !byConsumer.isEmpty()) {
      BoundInstance c = byConsumer.get(consumerId);
      if (c != null) {
        return c;
      }
    }
    return base;
  }
}
