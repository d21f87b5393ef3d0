package io.gatehouse.proxy.status;

import org.jspecify.annotations.Nullable;

/** The live health of this node's upstreams, and Kong's manual overrides of it. */
public interface UpstreamHealthView {
  /** The health of a live upstream by id or name, or null when no live balancer has it. */
  @Nullable UpstreamHealth upstream(String idOrName);

  /** The health of every live upstream, by name (Kong's {@code balancer.get_all_upstreams}); none by default. */
  default java.util.List<UpstreamHealth> all() {
    return java.util.List.of();
  }

  /** What a manual override found to change. */
  enum OverrideResult {
    /** The override was applied to every matching address. */
    APPLIED,
    /** The upstream has no live balancer. */
    NO_BALANCER,
    /** The upstream has no health checks configured. */
    NO_HEALTHCHECKER,
    /** No target or address matched. */
    NOT_FOUND
  }

  /**
   * Kong's {@code PUT /upstreams/{u}/targets/{t}[/{address}]/healthy|unhealthy}: takes effect at once.
   *
   * @param upstreamIdOrName the upstream
   * @param target a target id, or the target as configured ({@code host:port}, or host alone for port 8000)
   * @param address {@code ip}, {@code ip:port} or {@code [ipv6]:port} to override one address; null for all of them
   */
  OverrideResult setHealth(String upstreamIdOrName, String target, @Nullable String address, boolean healthy);
}
