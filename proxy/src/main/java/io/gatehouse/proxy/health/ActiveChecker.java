package io.gatehouse.proxy.health;

import io.netty.channel.Channel;
import io.netty.channel.EventLoop;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.util.InsecureTrustManagerFactory;
import io.netty.util.concurrent.ScheduledFuture;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLException;
import org.jspecify.annotations.Nullable;

/**
 * The node's one active health checker: probes every address of every upstream with active checks,
 * on a single event loop of its own (never a proxy loop), so a node probes each address once, not
 * once per worker as Kong does. A healthy address is probed every {@code healthy.interval}, an
 * unhealthy one every {@code unhealthy.interval}; an interval of 0 means "not probed in that state"
 * until a verdict moves the address. At most {@code concurrency} probes per upstream run at once.
 * Verdicts go to the {@link HealthRegistry}. All state is confined to the checker's loop.
 */
public final class ActiveChecker implements AutoCloseable {
  private final EventLoop loop;
  private final Class<? extends Channel> channelType;
  private final HealthRegistry registry;
  private final SslContext verifying;
  private final SslContext trusting;
  private final Map<HealthKey, Task> tasks = new HashMap<>();
  private final Map<String, Integer> inFlight = new HashMap<>();
  private final Map<String, ArrayDeque<Task>> waiting = new HashMap<>();
  private boolean closed;

  public ActiveChecker(EventLoop loop, Class<? extends Channel> channelType, HealthRegistry registry) {
    this.loop = loop;
    this.channelType = channelType;
    this.registry = registry;
    try {
      this.verifying = SslContextBuilder.forClient().build();
      this.trusting = SslContextBuilder.forClient().trustManager(InsecureTrustManagerFactory.INSTANCE).build();
    } catch (SSLException e) {
      throw new IllegalStateException("cannot create the health checker's TLS contexts", e);
    }
    // a verdict (passive, Admin PUT …/unhealthy) switches the address to its new mode's interval:
    // like Kong's per-mode check timers, the next probe comes one interval later, not at once
    registry.subscribe(v -> loop.execute(() -> {
      Task t = tasks.get(v.key());
      if (t != null) t.reschedule(-1);
    }));
  }

  /** Replaces the set of probed addresses; unchanged ones keep their schedule. Any thread. */
  public void update(List<ProbeTarget> targets) {
    loop.execute(() -> {
      if (closed) return;
      Map<HealthKey, ProbeTarget> next = new HashMap<>();
      for (ProbeTarget t : targets) {
        if (t.checks().active().enabled()) next.put(t.state().key(), t);
      }
      tasks.entrySet().removeIf(e -> {
        ProbeTarget t = next.get(e.getKey());
        if (t != null && t.equals(e.getValue().target)) return false;
        e.getValue().cancel();
        return true;
      });
      for (ProbeTarget t : next.values()) {
        tasks.computeIfAbsent(t.state().key(), k -> {
          Task task = new Task(t);
          task.reschedule(-1);
          return task;
        });
      }
    });
  }

  @Override
  public void close() {
    loop.execute(() -> {
      closed = true;
      tasks.values().forEach(Task::cancel);
      tasks.clear();
    });
  }

  private final class Task {
    final ProbeTarget target;
    @Nullable ScheduledFuture<?> next;
    boolean running;
    boolean cancelled;

    Task(ProbeTarget target) {
      this.target = target;
    }

    /** Schedules the next probe by the current health; {@code -1} = one interval from now. */
    void reschedule(long delayMillis) {
      if (cancelled || running) return;
      if (next != null) next.cancel(false);
      next = null;
      HealthChecks.Active a = target.checks().active();
      long interval = target.state().healthy() ? a.healthyIntervalMillis() : a.unhealthyIntervalMillis();
      if (interval <= 0) return; // not probed in this state; a verdict reschedules us
      next = loop.schedule(this::probe, delayMillis < 0 ? interval : Math.min(delayMillis, interval),
          TimeUnit.MILLISECONDS);
    }

    void probe() {
      next = null;
      if (cancelled) return;
      String upstream = target.state().key().upstreamId();
      int running = inFlight.getOrDefault(upstream, 0);
      if (running >= target.checks().active().concurrency()) {
        waiting.computeIfAbsent(upstream, k -> new ArrayDeque<>()).add(this);
        return;
      }
      inFlight.put(upstream, running + 1);
      this.running = true;
      HealthChecks.Active a = target.checks().active();
      SslContext tls = a.type().equals("https") || a.type().equals("grpcs")
          ? (a.httpsVerifyCertificate() ? verifying : trusting) : null;
      Probe.run(target, loop, channelType, tls, outcome -> {
        this.running = false;
        inFlight.merge(upstream, -1, Integer::sum);
        if (outcome != null && !cancelled) {
          registry.report(target.state(), outcome, a.limits().limit(outcome), HealthVerdict.Source.ACTIVE);
        }
        reschedule(-1);
        ArrayDeque<Task> q = waiting.get(upstream);
        Task w = q == null ? null : q.poll();
        if (w != null) w.probe();
      });
    }

    void cancel() {
      cancelled = true;
      if (next != null) next.cancel(false);
    }
  }
}
