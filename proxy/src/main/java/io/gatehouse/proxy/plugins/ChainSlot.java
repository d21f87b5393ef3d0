package io.gatehouse.proxy.plugins;

import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * One plugin in a route's chain, with the instance each consumer would get, resolved by Kong's
 * precedence at compile time (reference core §7.3): a request does at most two map lookups.
 *
 * @param base the instance when no consumer is known (route+service, route, service, global), or null
 * @param specific the instance for a consumer scoped to this route or service too (levels 1-3)
 * @param consumerWide the instances scoped to a consumer alone (level 5), one map shared by every
 *     chain of the plugin; empty where a route+service instance beats them
 */
record ChainSlot(BoundPlugin plugin, @Nullable BoundInstance base, Map<String, BoundInstance> specific,
    Map<String, BoundInstance> consumerWide) {

  @Nullable BoundInstance resolve(@Nullable String consumerId) {
    if (consumerId != null) {
      BoundInstance c = specific.isEmpty() ? null : specific.get(consumerId);
      if (c == null && !consumerWide.isEmpty()) {
        c = consumerWide.get(consumerId);
      }
      if (c != null) {
        return c;
      }
    }
    return base;
  }
}
