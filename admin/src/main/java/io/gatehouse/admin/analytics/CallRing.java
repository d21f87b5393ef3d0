package io.gatehouse.admin.analytics;

import io.gatehouse.proxy.events.ExchangeView;
import java.lang.invoke.VarHandle;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;
import io.gatehouse.proxy.http.RequestIds;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The hand-over between the event loops and the writer thread: a preallocated ring of call rows
 * (primitive columns in one {@code long[]}, references to strings the exchange already holds in one
 * {@code Object[]}), so recording a call allocates nothing. Any number of event loops record
 * (a slot is claimed with one atomic increment); one writer drains.
 *
 * <p>Drop-oldest: a recorder never waits; when the writer is a full lap behind, the newest call
 * overwrites the oldest. Each slot carries the sequence number of the call it holds (a seqlock):
 * the writer copies a row, then checks that the slot still holds the same call, and counts the
 * calls it could not read (overwritten, or never published) as dropped. Only the writer counts.
 */
final class CallRing {
  private static final Logger LOG = LoggerFactory.getLogger(CallRing.class);
  // the numeric columns of one row
  static final int STARTED_AT = 0;
  static final int STATUS = 1;
  static final int LATENCY_REQUEST = 2;
  static final int LATENCY_PROXY = 3;
  static final int LATENCY_KONG = 4;
  static final int REQUEST_BYTES = 5;
  static final int RESPONSE_BYTES = 6;
  /** The request id's halves, and 1 in ID_HEX when they are the id (32 hex digits), 0 when only its text is. */
  static final int ID_HIGH = 7;
  static final int ID_LOW = 8;
  static final int ID_HEX = 9;
  static final int NUMBERS = 10;
  // the reference columns of one row: strings, except UPSTREAM (an InetSocketAddress or its text) and PAYLOAD
  static final int REQUEST_ID = 0;
  static final int SERVICE_ID = 1;
  static final int SERVICE_NAME = 2;
  static final int ROUTE_ID = 3;
  static final int ROUTE_NAME = 4;
  static final int CONSUMER_ID = 5;
  static final int CONSUMER_NAME = 6;
  static final int METHOD = 7;
  static final int PATH = 8;
  static final int CLIENT_IP = 9;
  static final int UPSTREAM = 10;
  static final int PAYLOAD = 11;
  static final int WORKSPACE = 12;
  static final int REFS = 13;

  /** A slot's sequence while a recorder writes it. */
  private static final long WRITING = Long.MIN_VALUE;
  /** How long the writer waits for a claimed call to be published before counting it lost. */
  private static final long STUCK_NANOS = 1_000_000_000L;

  private final int capacity;
  private final int mask;
  private final long[] numbers;
  private final @Nullable Object[] refs;
  private final AtomicLongArray published;
  private final AtomicLong claimed = new AtomicLong();

  // the writer's side (one thread)
  private long next;
  private long waitingOn = -1;
  private long waitingSince;
  private final AtomicLong dropped = new AtomicLong();

  /** A ring of at least {@code minCapacity} calls (rounded up to a power of two). */
  CallRing(int minCapacity) {
    if (minCapacity < 1) throw new IllegalArgumentException("capacity: expected >= 1, got " + minCapacity);
    if (minCapacity > 1 << 26) throw new IllegalArgumentException("capacity: expected <= 67108864, got " + minCapacity);
    int size = 1;
    while (size < minCapacity) size <<= 1;
    this.capacity = size;
    this.mask = capacity - 1;
    this.numbers = new long[capacity * NUMBERS];
    this.refs = new Object[capacity * REFS];
    this.published = new AtomicLongArray(capacity);
    for (int i = 0; i < capacity; i++) published.set(i, -1);
  }

  int capacity() {
    return capacity;
  }

  /**
   * Copies a finished exchange into a slot (on its event loop; allocates nothing, reads no clock: the
   * exchange's start is on {@link System#nanoTime}'s clock, which {@code epochMillisAtNanoZero} turns
   * into wall-clock time).
   */
  void record(ExchangeView x, long epochMillisAtNanoZero, @Nullable Object payload) {
    long seq = claimed.getAndIncrement();
    int row = claim(seq);
    if (row < 0) return;
    long requestMs = x.elapsedNanos() / 1_000_000L;
    int n = row * NUMBERS;
    numbers[n + STARTED_AT] = epochMillisAtNanoZero + Math.floorDiv(x.startNanos(), 1_000_000L);
    numbers[n + STATUS] = x.status();
    numbers[n + LATENCY_REQUEST] = requestMs;
    numbers[n + LATENCY_PROXY] = x.upstreamLatencyMs();
    numbers[n + LATENCY_KONG] = x.kongLatencyMs();
    numbers[n + REQUEST_BYTES] = x.requestBodyBytes();
    numbers[n + RESPONSE_BYTES] = x.responseBodyBytes();
    boolean hex = x.requestIdIsHex(); // the proxy's ids: known as numbers, so the writer never reads the text
    numbers[n + ID_HIGH] = hex ? x.requestIdHigh() : 0;
    numbers[n + ID_LOW] = hex ? x.requestIdLow() : 0;
    numbers[n + ID_HEX] = hex ? 1 : 0;
    int o = row * REFS;
    refs[o + REQUEST_ID] = x.requestId();
    refs[o + SERVICE_ID] = x.serviceId();
    refs[o + SERVICE_NAME] = x.serviceName();
    refs[o + ROUTE_ID] = x.routeId();
    refs[o + ROUTE_NAME] = x.routeName();
    refs[o + CONSUMER_ID] = x.consumerId();
    refs[o + CONSUMER_NAME] = x.consumerName();
    refs[o + METHOD] = x.method();
    refs[o + PATH] = x.path();
    refs[o + CLIENT_IP] = x.clientIp();
    Object peer = x.upstreamPeer();
    refs[o + UPSTREAM] = peer != null ? peer : x.upstreamAddress();
    refs[o + PAYLOAD] = payload;
    refs[o + WORKSPACE] = x.workspaceId();
    published.setRelease(row, seq);
  }

  /** Copies a call given column by column (tests, benchmarks, imports). */
  void record(CallRecord r) {
    long seq = claimed.getAndIncrement();
    int row = claim(seq);
    if (row < 0) return;
    int n = row * NUMBERS;
    numbers[n + STARTED_AT] = r.startedAt();
    numbers[n + STATUS] = r.status();
    numbers[n + LATENCY_REQUEST] = r.latencyRequest();
    numbers[n + LATENCY_PROXY] = r.latencyProxy();
    numbers[n + LATENCY_KONG] = r.latencyKong();
    numbers[n + REQUEST_BYTES] = r.requestBytes();
    numbers[n + RESPONSE_BYTES] = r.responseBytes();
    boolean hex = RequestIds.isHex(r.requestId());
    numbers[n + ID_HIGH] = hex ? RequestIds.high(r.requestId()) : 0;
    numbers[n + ID_LOW] = hex ? RequestIds.low(r.requestId()) : 0;
    numbers[n + ID_HEX] = hex ? 1 : 0;
    int o = row * REFS;
    refs[o + REQUEST_ID] = r.requestId();
    refs[o + SERVICE_ID] = r.serviceId();
    refs[o + SERVICE_NAME] = r.serviceName();
    refs[o + ROUTE_ID] = r.routeId();
    refs[o + ROUTE_NAME] = r.routeName();
    refs[o + CONSUMER_ID] = r.consumerId();
    refs[o + CONSUMER_NAME] = r.consumerName();
    refs[o + METHOD] = r.method();
    refs[o + PATH] = r.path();
    refs[o + CLIENT_IP] = r.clientIp();
    refs[o + UPSTREAM] = r.upstream();
    refs[o + PAYLOAD] = null;
    refs[o + WORKSPACE] = r.workspace();
    published.setRelease(row, seq);
  }

  /**
   * Marks the slot of call {@code seq} as being written, or returns -1 when another recorder holds
   * it or a newer call already took it (this call is then lost; the writer counts it).
   */
  private int claim(long seq) {
    int row = (int) (seq & mask);
    long held = published.get(row);
    if (held == WRITING || held > seq || !published.compareAndSet(row, held, WRITING)) return -1;
    VarHandle.releaseFence(); // the row's stores stay after the mark (a reader re-checks the mark)
    return row;
  }

  /** Calls recorded so far (claimed slots, whether written, dropped or still in the ring). */
  long recorded() {
    return claimed.get();
  }

  /** Calls dropped so far: overwritten before the writer read them, or never published. */
  long dropped() {
    return dropped.get();
  }

  /** Calls in the ring not yet drained (at most the capacity). */
  int size() {
    return (int) Math.min(capacity, Math.max(0, claimed.get() - next));
  }

  /**
   * The writer: copies up to {@code sink}'s room of the oldest calls not yet drained into it;
   * returns how many. Stops at a call still being written. A slot it copied lets go of its
   * references at once, so the exchange's strings do not outlive their young generation.
   */
  int drainTo(CallSink sink) {
    long head = claimed.get();
    if (head - next > capacity) { // lapped: the calls in between were overwritten
      dropped.addAndGet(head - capacity - next);
      next = head - capacity;
    }
    int copied = 0;
    while (next < head && !sink.full()) {
      int row = (int) (next & mask);
      long held = published.getAcquire(row);
      if (held == next) {
        int at;
        try {
          at = sink.add(numbers, row * NUMBERS, refs, row * REFS);
        } catch (RuntimeException e) { // a call the sink cannot take is lost, counted, and never retried
          LOG.warn("analytics: a call could not be copied and is dropped: {}", e.toString());
          dropped.incrementAndGet();
          next++;
          continue;
        }
        // no recorder touched the slot while it was copied (a recorder marks it WRITING first): take it
        // for a moment to let go of its references
        if (published.compareAndSet(row, next, WRITING)) {
          java.util.Arrays.fill(refs, row * REFS, row * REFS + REFS, null);
          published.setRelease(row, next);
          copied++;
        } else {
          sink.removeLast(at); // overwritten while copied
          dropped.incrementAndGet();
        }
        next++;
      } else if (held > next) { // a newer call took the slot first
        dropped.incrementAndGet();
        next++;
      } else if (stuck()) { // claimed but never published (its recorder lost the slot, or died)
        dropped.incrementAndGet();
        next++;
      } else {
        break; // still being written: the next drain takes it
      }
    }
    return copied;
  }

  private boolean stuck() {
    long now = System.nanoTime();
    if (waitingOn != next) {
      waitingOn = next;
      waitingSince = now;
      return false;
    }
    return now - waitingSince > STUCK_NANOS;
  }
}
