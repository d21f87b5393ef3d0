package io.gatehouse.proxy.balancer;

import io.gatehouse.proxy.health.AddressHealth;
import io.gatehouse.proxy.health.HealthChecks;
import io.gatehouse.proxy.health.HealthRegistry;
import io.gatehouse.proxy.health.HealthVerdict;
import io.gatehouse.proxy.health.Outcome;
import io.gatehouse.proxy.upstream.Peer;
import io.gatehouse.proxy.upstream.TryObserver;
import java.net.InetSocketAddress;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.jspecify.annotations.Nullable;

/**
 * One address of a target in a balancer: where to connect, its weight, its health, and the live
 * figures the algorithms read (connections in flight, peak-EWMA latency). Shared by every event
 * loop, so the figures are atomics. It is also the {@link TryObserver} of the tries it serves.
 */
public final class Endpoint implements TryObserver {
  static final double DECAY_NANOS = 10e9; // Kong's latency balancer decays over 10 s

  private final String targetId;
  private final String hostname;
  private final InetSocketAddress address;
  private final int weight;
  private final @Nullable AddressHealth health;
  private final @Nullable HealthRegistry registry;
  private final HealthChecks.Limits passive;
  private final Peer peer;
  private final @Nullable String resolveName;
  final AtomicInteger active = new AtomicInteger();
  private final AtomicLong ewmaBits = new AtomicLong(Double.doubleToRawLongBits(0));
  private volatile long ewmaStamp = System.nanoTime();

  Endpoint(String targetId, String hostname, String peerHostname, InetSocketAddress address, int weight,
      @Nullable AddressHealth health, @Nullable HealthRegistry registry, HealthChecks.Limits passive,
      @Nullable String resolveName) {
    this.resolveName = resolveName;
    this.targetId = targetId;
    this.hostname = hostname;
    this.address = address;
    this.weight = weight;
    this.health = health;
    this.registry = registry;
    this.passive = passive;
    this.peer = new Peer(address, peerHostname, this);
  }

  public String targetId() {
    return targetId;
  }

  /** The target's host name (or IP literal). */
  public String hostname() {
    return hostname;
  }

  public InetSocketAddress address() {
    return address;
  }

  public int weight() {
    return weight;
  }

  /** Null when the upstream has no health checks (Kong: {@code HEALTHCHECKS_OFF}). */
  public @Nullable AddressHealth health() {
    return health;
  }

  /** Eligible for traffic: weight above 0 and not unhealthy. */
  public boolean available() {
    return weight > 0 && (health == null || health.healthy());
  }

  public int activeConnections() {
    return active.get();
  }

  /** Peak-EWMA latency in nanoseconds (0 until the first response). */
  double ewma() {
    return Double.longBitsToDouble(ewmaBits.get());
  }

  /**
   * The name to resolve on every request (a TTL-0 target, Kong's per-request lookup), or null when
   * {@link #address()} is the address to use.
   */
  public @Nullable String resolveName() {
    return resolveName;
  }

  /** A peer for a per-request resolved address of this endpoint (already counted by {@link #take()}). */
  Peer at(InetSocketAddress resolved) {
    return new Peer(resolved, peer.hostname(), this);
  }

  /** Counts the try as in flight and returns the peer handed to the request flow. */
  Peer take() {
    active.incrementAndGet();
    return peer;
  }

  @Override
  public void responded(int status, long latencyNanos) {
    long now = System.nanoTime();
    double prev = ewma();
    double w = Math.exp(-(now - ewmaStamp) / DECAY_NANOS);
    ewmaStamp = now;
    // peak EWMA: jump to a worse sample at once, decay towards better ones
    ewmaBits.set(Double.doubleToRawLongBits(latencyNanos > prev ? latencyNanos : prev * w + latencyNanos * (1 - w)));
    if (health != null && registry != null) {
      Outcome o = passive.classify(status);
      if (o != null) registry.report(health, o, passive.limit(o), HealthVerdict.Source.PASSIVE);
    }
  }

  @Override
  public void failed(boolean timeout) {
    if (health != null && registry != null) {
      Outcome o = timeout ? Outcome.TIMEOUT : Outcome.TCP_FAILURE;
      registry.report(health, o, passive.limit(o), HealthVerdict.Source.PASSIVE);
    }
  }

  @Override
  public void ended() {
    active.decrementAndGet();
  }

  @Override
  public String toString() {
    return hostname + "@" + address;
  }
}
