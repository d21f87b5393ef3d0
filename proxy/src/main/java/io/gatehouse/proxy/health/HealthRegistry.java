package io.gatehouse.proxy.health;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.function.LongSupplier;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The health of every checked address of this node — one instance per node, shared by all event
 * loops and the active checker, so a verdict reached on one loop holds on all of them (Kong keeps it
 * per node in shared memory). State is keyed by {@link HealthKey}, so it survives config changes;
 * an address no longer configured is forgotten after {@link #RETAIN_MILLIS} (Kong keeps old checker
 * state about 300 s). Every change is published to listeners as a {@link HealthVerdict}, which is
 * also what {@link #apply} accepts from elsewhere: the seam for sharing verdicts across nodes.
 */
public final class HealthRegistry {
  private static final Logger log = LoggerFactory.getLogger(HealthRegistry.class);
  static final long RETAIN_MILLIS = 300_000;

  private final ConcurrentHashMap<HealthKey, AddressHealth> states = new ConcurrentHashMap<>();
  private final ConcurrentHashMap<HealthKey, Long> orphanedAt = new ConcurrentHashMap<>();
  private final CopyOnWriteArrayList<Consumer<HealthVerdict>> listeners = new CopyOnWriteArrayList<>();
  private final AtomicLong epoch = new AtomicLong();
  private final LongSupplier clockMillis;

  public HealthRegistry(LongSupplier clockMillis) {
    this.clockMillis = clockMillis;
  }

  public HealthRegistry() {
    this(System::currentTimeMillis);
  }

  /** The state of an address, created healthy on first use. */
  public AddressHealth state(HealthKey key) {
    return states.computeIfAbsent(key, AddressHealth::new);
  }

  public @Nullable AddressHealth find(HealthKey key) {
    return states.get(key);
  }

  /** Increases on every health change; balancers cache derived figures per epoch. */
  public long epoch() {
    return epoch.get();
  }

  /** Counts an outcome; publishes a verdict when the address flips. */
  public void report(AddressHealth state, Outcome outcome, int limit, HealthVerdict.Source source) {
    Boolean flipped = state.count(outcome, limit);
    if (flipped != null) changed(state, flipped, source);
  }

  /** Sets an address healthy or unhealthy at once (Admin API override). */
  public void set(AddressHealth state, boolean healthy, HealthVerdict.Source source) {
    state.set(healthy);
    changed(state, healthy, source);
  }

  /** Applies a verdict reached elsewhere (another node); does not publish it again. */
  public void apply(HealthVerdict verdict) {
    state(verdict.key()).set(verdict.healthy());
    epoch.incrementAndGet();
  }

  /** Listens to every verdict of this node (for example to publish it to the cluster). */
  public void subscribe(Consumer<HealthVerdict> listener) {
    listeners.add(listener);
  }

  /**
   * Tells the registry which addresses the active config uses; others are dropped once they have
   * been unused for {@link #RETAIN_MILLIS}.
   */
  public void retain(Set<HealthKey> live) {
    long now = clockMillis.getAsLong();
    for (HealthKey k : states.keySet()) {
      if (live.contains(k)) {
        orphanedAt.remove(k);
      } else if (now - orphanedAt.computeIfAbsent(k, x -> now) >= RETAIN_MILLIS) {
        states.remove(k);
        orphanedAt.remove(k);
      }
    }
  }

  private void changed(AddressHealth state, boolean healthy, HealthVerdict.Source source) {
    epoch.incrementAndGet();
    HealthVerdict v = new HealthVerdict(state.key(), healthy, source, clockMillis.getAsLong());
    log.info("upstream {} target {} address {} is now {} ({})", v.key().upstreamId(), v.key().hostname(),
        v.key().address(), healthy ? "healthy" : "unhealthy", source.name().toLowerCase(java.util.Locale.ROOT));
    for (Consumer<HealthVerdict> l : listeners) {
      try {
        l.accept(v);
      } catch (RuntimeException e) {
        log.warn("health listener failed", e);
      }
    }
  }
}
