package io.gatehouse.admin.analytics;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;

class CallRingTest {
  private static CallRecord call(String id) {
    return new CallRecord(1, id, CallRecord.DEFAULT_WORKSPACE, null, null, null, null, null, null, "GET", "/", 200, 1, 1, 0, 0, 0, null, null);
  }

  private static List<String> ids(CallBatch b) {
    List<String> out = new ArrayList<>();
    for (int i = 0; i < b.size(); i++) out.add((String) b.ref(i, CallRing.REQUEST_ID));
    return out;
  }

  @Test
  void capacityIsRoundedUpToAPowerOfTwo() {
    assertThat(new CallRing(1).capacity()).isEqualTo(1);
    assertThat(new CallRing(3).capacity()).isEqualTo(4);
    assertThat(new CallRing(4).capacity()).isEqualTo(4);
    assertThat(new CallRing(65_536).capacity()).isEqualTo(65_536);
  }

  @Test
  void aFullRingDropsTheOldestAndCountsIt() {
    CallRing ring = new CallRing(4);
    for (String id : List.of("a", "b", "c", "d", "e", "f")) ring.record(call(id));
    assertThat(ring.size()).isEqualTo(4);
    CallBatch batch = new CallBatch(10);
    assertThat(ring.drainTo(batch)).isEqualTo(4);
    assertThat(ids(batch)).containsExactly("c", "d", "e", "f");
    assertThat(ring.dropped()).isEqualTo(2);
    assertThat(ring.recorded()).isEqualTo(6);
    assertThat(ring.size()).isZero();
  }

  @Test
  void drainTakesAtMostWhatTheBatchHolds() {
    CallRing ring = new CallRing(16);
    for (int i = 0; i < 5; i++) ring.record(call("c" + i));
    CallBatch batch = new CallBatch(2);
    assertThat(ring.drainTo(batch)).isEqualTo(2);
    assertThat(ids(batch)).containsExactly("c0", "c1");
    assertThat(ring.size()).isEqualTo(3);
    batch.clear();
    assertThat(ring.drainTo(batch)).isEqualTo(2);
    assertThat(ids(batch)).containsExactly("c2", "c3");
    assertThat(ring.dropped()).isZero();
  }

  @Test
  void anExchangeIsCopiedColumnByColumn() {
    CallRing ring = new CallRing(8);
    FinishedCall x = new FinishedCall();
    ring.record(x, 10_000, null); // the wall clock read 10,000 ms when nanoTime read 0; the call started 7 ms later
    CallBatch batch = new CallBatch(8);
    assertThat(ring.drainTo(batch)).isEqualTo(1);
    assertThat(batch.number(0, CallRing.STARTED_AT)).isEqualTo(10_007);
    assertThat(batch.number(0, CallRing.LATENCY_REQUEST)).isEqualTo(3);
    assertThat(batch.number(0, CallRing.LATENCY_PROXY)).isEqualTo(2);
    assertThat(batch.number(0, CallRing.STATUS)).isEqualTo(200);
    assertThat(batch.number(0, CallRing.RESPONSE_BYTES)).isEqualTo(412);
    assertThat(batch.number(0, CallRing.ID_HEX)).isEqualTo(1);
    assertThat(batch.number(0, CallRing.ID_HIGH)).isEqualTo(0x0123456789abcdefL);
    assertThat(batch.number(0, CallRing.ID_LOW)).isEqualTo(0x0123456789abcdefL);
    assertThat(batch.ref(0, CallRing.ROUTE_NAME)).isEqualTo("calls-route");
    assertThat(batch.ref(0, CallRing.UPSTREAM)).isSameAs(x.peer); // formatted later, by the writer
    assertThat(batch.ref(0, CallRing.CONSUMER_ID)).isNull();
  }

  /** nanoTime's origin is arbitrary: a start before it still rounds down to the millisecond it fell in. */
  @Test
  void aStartBeforeNanoTimesOriginKeepsItsMillisecond() {
    CallRing ring = new CallRing(8);
    FinishedCall x = new FinishedCall();
    x.startNanos = -2_500_000;
    ring.record(x, 10_000, null);
    CallBatch batch = new CallBatch(8);
    ring.drainTo(batch);
    assertThat(batch.number(0, CallRing.STARTED_AT)).isEqualTo(9_997);
  }

  /** An id that is not 32 hex digits is kept as text only; the writer gives it a call_details row. */
  @Test
  void anIdThatIsNotHexIsMarkedSo() {
    CallRing ring = new CallRing(8);
    FinishedCall x = new FinishedCall();
    x.requestId = "from-a-test";
    ring.record(x, 10_000, null);
    ring.record(call("0123456789abcdef0123456789abcdef"));
    CallBatch batch = new CallBatch(8);
    assertThat(ring.drainTo(batch)).isEqualTo(2);
    assertThat(batch.number(0, CallRing.ID_HEX)).isZero();
    assertThat(batch.ref(0, CallRing.REQUEST_ID)).isEqualTo("from-a-test");
    assertThat(batch.number(1, CallRing.ID_HEX)).isEqualTo(1);
    assertThat(batch.number(1, CallRing.ID_LOW)).isEqualTo(0x0123456789abcdefL);
  }

  /** The ring lets go of a drained call's strings at once, so they die young instead of living a lap of the ring. */
  @Test
  void aDrainedSlotHoldsNoReference() throws Exception {
    CallRing ring = new CallRing(8);
    ring.record(call("kept-until-drained"));
    var field = CallRing.class.getDeclaredField("refs");
    field.setAccessible(true);
    Object[] refs = (Object[]) field.get(ring);
    assertThat(refs).contains("kept-until-drained");
    CallBatch batch = new CallBatch(8);
    assertThat(ring.drainTo(batch)).isEqualTo(1);
    assertThat(ids(batch)).containsExactly("kept-until-drained");
    assertThat(refs).containsOnlyNulls();
  }

  /** A call the sink throws on is counted as dropped and skipped; the writer goes on with the next ones. */
  @Test
  void aCallTheSinkCannotTakeIsDroppedNotRetried() {
    CallRing ring = new CallRing(8);
    for (String id : List.of("a", "poison", "c")) ring.record(call(id));
    CallBatch batch = new CallBatch(8);
    CallSink refusingPoison = new CallSink() {
      @Override
      public boolean full() {
        return batch.full();
      }

      @Override
      public int add(long[] fromNumbers, int numbersAt, Object[] fromRefs, int refsAt) {
        if ("poison".equals(fromRefs[refsAt + CallRing.REQUEST_ID])) throw new IllegalStateException("cannot take it");
        return batch.add(fromNumbers, numbersAt, fromRefs, refsAt);
      }

      @Override
      public void removeLast(int row) {
        batch.removeLast(row);
      }
    };
    assertThat(ring.drainTo(refusingPoison)).isEqualTo(2);
    assertThat(ids(batch)).containsExactly("a", "c");
    assertThat(ring.dropped()).isEqualTo(1);
    assertThat(ring.size()).isZero();
  }

  /** Several recorders at once against a draining writer: every call is either drained once or counted as dropped. */
  @Test
  void concurrentRecordersLoseNothingUncounted() throws Exception {
    CallRing ring = new CallRing(1024);
    int threads = 4;
    int perThread = 50_000;
    CountDownLatch start = new CountDownLatch(1);
    List<Thread> recorders = new ArrayList<>();
    for (int t = 0; t < threads; t++) {
      String prefix = "t" + t + "-";
      List<CallRecord> calls = new ArrayList<>();
      for (int i = 0; i < perThread; i++) calls.add(call(prefix + i));
      recorders.add(Thread.ofPlatform().start(() -> {
        try {
          start.await();
        } catch (InterruptedException e) {
          return;
        }
        for (CallRecord c : calls) ring.record(c);
      }));
    }
    java.util.Set<String> seen = new java.util.HashSet<>();
    CallBatch batch = new CallBatch(512);
    start.countDown();
    long deadline = System.nanoTime() + 60_000_000_000L;
    while (System.nanoTime() < deadline) {
      batch.clear();
      ring.drainTo(batch);
      for (String id : ids(batch)) assertThat(seen.add(id)).as("drained once: " + id).isTrue();
      boolean done = recorders.stream().noneMatch(Thread::isAlive);
      if (done && seen.size() + ring.dropped() == (long) threads * perThread) break;
      if (done && batch.size() == 0) Thread.sleep(10); // a lost claim is counted after a second
    }
    assertThat(ring.recorded()).isEqualTo((long) threads * perThread);
    assertThat(seen.size() + ring.dropped()).isEqualTo((long) threads * perThread);
    assertThat(seen).isNotEmpty();
  }
}
