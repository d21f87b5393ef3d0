package io.gatehouse.proxy.status;

import java.util.List;

/**
 * The health of one upstream's live balancer, as Kong's {@code GET /upstreams/{u}/health} reports it.
 *
 * @param id the upstream's id
 * @param name the upstream's name
 * @param checksEnabled whether active or passive health checks are configured
 * @param healthy Kong's balancer health (available weight above the threshold)
 * @param totalWeight the weight of every address
 * @param availableWeight the weight of the healthy addresses
 * @param targets every target, in configuration order
 */
public record UpstreamHealth(String id, String name, boolean checksEnabled, boolean healthy, long totalWeight,
    long availableWeight, List<TargetHealth> targets) {

  public UpstreamHealth {
    targets = List.copyOf(targets);
  }

  /**
   * One target.
   *
   * @param id the target's id
   * @param target the target as configured ({@code host:port})
   * @param weight the target's weight
   * @param host the target's host
   * @param port the target's port
   * @param health {@code HEALTHY}, {@code UNHEALTHY}, {@code HEALTHCHECKS_OFF} or {@code DNS_ERROR}
   * @param dns the record type it resolved with ({@code A}, {@code AAAA}, {@code SRV})
   * @param totalWeight the weight of its addresses
   * @param availableWeight the weight of its healthy addresses
   * @param addresses the addresses it resolved to
   */
  public record TargetHealth(String id, String target, int weight, String host, int port, String health, String dns,
      long totalWeight, long availableWeight, List<AddressHealth> addresses) {

    public TargetHealth {
      addresses = List.copyOf(addresses);
    }
  }

  /**
   * One address of a target.
   *
   * @param health {@code HEALTHY}, {@code UNHEALTHY} or {@code HEALTHCHECKS_OFF}
   */
  public record AddressHealth(String ip, int port, int weight, String health) {}
}
