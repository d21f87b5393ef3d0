package io.gatehouse.admin.analytics;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class CallQueueTest {
  private static CallRecord call(String id) {
    return new CallRecord(1, id, "default", null, null, null, null, null, null, "GET", "/", 200, 1, 1, 0, 0, 0, null, null);
  }

  @Test
  void aFullQueueDropsTheOldestAndCountsIt() throws Exception {
    CallQueue q = new CallQueue(3);
    for (String id : List.of("a", "b", "c", "d", "e")) q.offer(call(id));
    assertThat(q.dropped()).isEqualTo(2);
    List<CallRecord> out = new ArrayList<>();
    assertThat(q.drain(out, 10, 0)).isEqualTo(3);
    assertThat(out).extracting(CallRecord::requestId).containsExactly("c", "d", "e");
  }

  @Test
  void drainTakesAtMostTheBatch() throws Exception {
    CallQueue q = new CallQueue(10);
    for (int i = 0; i < 5; i++) q.offer(call("c" + i));
    List<CallRecord> out = new ArrayList<>();
    assertThat(q.drain(out, 2, 0)).isEqualTo(2);
    assertThat(q.size()).isEqualTo(3);
    assertThat(q.dropped()).isZero();
  }
}
