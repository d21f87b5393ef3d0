package io.gatehouse.proxy.server;

import io.gatehouse.proxy.status.ServerCounters;
import io.netty.util.concurrent.FastThreadLocal;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * nginx's stub-status counts of one proxy's client connections. Each event loop counts in a slot
 * of its own (one writer: plain reads, opaque writes, no contention on the request path); a reader
 * sums the slots. A connection is in exactly one {@link State} from accept to close.
 */
public final class ConnectionCounters {
  /** What a client connection is doing now (nginx's reading/writing/waiting). */
  enum State {
    /** Idle: a new connection, or keep-alive between requests. */
    WAITING,
    /** Bytes of a request head arrived; the head is not complete yet. */
    READING,
    /** A request is in progress: its body, the upstream, the response (or a tunnel). */
    WRITING
  }

  private static final int ACCEPTED = 3;
  private static final int REQUESTS = 4;

  /** One event loop's counts: a gauge per {@link State} (by ordinal), then accepted and requests. */
  static final class Slot {
    private final AtomicLongArray n = new AtomicLongArray(5);

    private void add(int i, long d) {
      n.setOpaque(i, n.getPlain(i) + d);
    }

    void accepted() {
      add(ACCEPTED, 1);
      add(State.WAITING.ordinal(), 1);
    }

    void request() {
      add(REQUESTS, 1);
    }

    void move(State from, State to) {
      add(from.ordinal(), -1);
      add(to.ordinal(), 1);
    }

    void closed(State in) {
      add(in.ordinal(), -1);
    }
  }

  private final List<Slot> slots = new CopyOnWriteArrayList<>();
  private final FastThreadLocal<Slot> local = new FastThreadLocal<>() {
    @Override
    protected Slot initialValue() {
      Slot s = new Slot();
      slots.add(s);
      return s;
    }
  };

  /** The calling event loop's slot. */
  Slot slot() {
    return local.get();
  }

  /** The counts now (any thread; each figure is exact, the set is not one atomic cut). */
  public ServerCounters snapshot() {
    long[] sum = new long[5];
    for (Slot s : slots) {
      for (int i = 0; i < sum.length; i++) sum[i] += s.n.getOpaque(i);
    }
    long waiting = sum[State.WAITING.ordinal()];
    long reading = sum[State.READING.ordinal()];
    long writing = sum[State.WRITING.ordinal()];
    return new ServerCounters(sum[ACCEPTED], sum[ACCEPTED], reading + writing + waiting, reading, writing, waiting,
        sum[REQUESTS]);
  }
}
