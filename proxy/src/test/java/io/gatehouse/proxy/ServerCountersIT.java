package io.gatehouse.proxy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.gatehouse.proxy.status.ServerCounters;
import io.gatehouse.proxy.testing.RawClient;
import io.gatehouse.proxy.testing.TestProxy;
import java.time.Duration;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Kong's {@code server} block of {@code GET /status} (nginx's stub status) counted from real
 * connections: a new or keep-alive connection waits, one with part of a head reads, one with a
 * request in progress writes; a closed one leaves every gauge.
 */
class ServerCountersIT {
  static TestProxy proxy; // a proxy of its own: the gauges must see only this test's connections

  @BeforeAll
  static void start() {
    proxy = TestProxy.start();
    proxy.configure(e -> e.service(proxy.echo().url("/")).route("/counted"));
  }

  @AfterAll
  static void stop() {
    proxy.close();
  }

  private static ServerCounters awaitCounters(Predicate<ServerCounters> p) {
    await().atMost(Duration.ofSeconds(10)).until(() -> p.test(proxy.server().counters()));
    return proxy.server().counters();
  }

  @Test
  void countsConnectionsByStateAndRequests() throws Exception {
    ServerCounters before = proxy.server().counters();
    assertThat(before.active()).isZero();
    try (RawClient idle = proxy.raw(); RawClient reading = proxy.raw(); RawClient writing = proxy.raw()) {
      ServerCounters opened = awaitCounters(c -> c.accepted() == before.accepted() + 3);
      assertThat(opened.handled()).isEqualTo(opened.accepted());
      assertThat(opened.active()).isEqualTo(3);
      assertThat(opened.waiting()).isEqualTo(3);

      reading.send("GET /counted HTTP/1.1\r\nHost: x\r\n"); // the head is not complete
      awaitCounters(c -> c.reading() == 1 && c.waiting() == 2);

      writing.send("POST /counted HTTP/1.1\r\nHost: x\r\nContent-Length: 4\r\n\r\nab"); // half the body
      ServerCounters busy = awaitCounters(c -> c.writing() == 1);
      assertThat(busy.reading()).isEqualTo(1);
      assertThat(busy.waiting()).isEqualTo(1);
      assertThat(busy.active()).isEqualTo(3);
      assertThat(busy.totalRequests()).isEqualTo(before.totalRequests() + 1);

      writing.send("cd");
      assertThat(writing.readResponse().status()).isEqualTo(200);
      reading.send("\r\n");
      assertThat(reading.readResponse().status()).isEqualTo(200);
      idle.send("GET /counted HTTP/1.1\r\nHost: x\r\n\r\n");
      assertThat(idle.readResponse().status()).isEqualTo(200);
      ServerCounters done = awaitCounters(c -> c.waiting() == 3);
      assertThat(done.reading()).isZero();
      assertThat(done.writing()).isZero();
      assertThat(done.totalRequests()).isEqualTo(before.totalRequests() + 3);
    }
    ServerCounters closed = awaitCounters(c -> c.active() == 0);
    assertThat(closed.waiting()).isZero();
    assertThat(closed.accepted()).isEqualTo(before.accepted() + 3);
  }
}
