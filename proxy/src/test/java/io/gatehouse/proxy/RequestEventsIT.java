package io.gatehouse.proxy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.gatehouse.proxy.events.ExchangeView;
import io.gatehouse.proxy.events.RequestListener;
import io.gatehouse.proxy.events.TryView;
import io.gatehouse.proxy.testing.Entities;
import io.gatehouse.proxy.testing.ScriptedOrigin;
import io.gatehouse.proxy.testing.TestProxy;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The request path's event seam: what a registered listener hears, in order, with the facts of each point. */
class RequestEventsIT {
  /** Records each request's events as text, by request id. */
  static final class Recorder implements RequestListener {
    final Map<String, List<String>> byRequest = new ConcurrentHashMap<>();
    final Map<String, Long> answeredAfter = new ConcurrentHashMap<>();

    private void add(ExchangeView r, String event) {
      byRequest.computeIfAbsent(r.requestId(), k -> new CopyOnWriteArrayList<>()).add(event);
    }

    @Override
    public void accepted(ExchangeView r) {
      add(r, "accepted " + r.method() + " " + r.path() + " status=" + r.status() + " tries=" + r.tries());
    }

    @Override
    public void routed(ExchangeView r) {
      add(r, "routed route=" + (r.routeId() != null) + " service=" + (r.serviceId() != null));
    }

    @Override
    public void upstreamTry(ExchangeView r, TryView t) {
      String timing = t.failure() == null
          ? "connect=" + (t.connectNanos() >= 0) + " firstByte=" + (t.firstByteNanos() > 0)
          : "firstByte=" + t.firstByteNanos();
      add(r, "try " + t.number() + " port=" + t.target().getPort() + " reused=" + t.reused() + " status=" + t.status()
          + " " + timing + " failure=" + t.failure());
    }

    @Override
    public void answered(ExchangeView r) {
      answeredAfter.put(r.requestId(), r.elapsedNanos());
      add(r, "answered status=" + r.status() + " tries=" + r.tries() + " bytes=" + r.responseBodyBytes());
    }

    @Override
    public void logged(ExchangeView r) {
      // the request's end is one instant: every listener and log plugin reads the same duration
      add(r, "logged elapsed=" + (r.elapsedNanos() > 0) + " ended=" + (r.elapsedNanos() == answeredAfter.get(r.requestId())));
    }

    List<String> of(HttpResponse<String> r) {
      String id = r.headers().firstValue("X-Kong-Request-Id").orElseThrow();
      await().atMost(Duration.ofSeconds(10)).until(() -> byRequest.getOrDefault(id, List.of()).stream()
          .anyMatch(e -> e.startsWith("logged")));
      return byRequest.get(id);
    }
  }

  static final Recorder recorder = new Recorder();
  static TestProxy proxy;
  static ScriptedOrigin origin;

  @BeforeAll
  static void start() throws Exception {
    proxy = TestProxy.start(b -> b.requestListener(recorder));
    origin = new ScriptedOrigin();
    AtomicInteger calls = new AtomicInteger();
    // the first try is cut off without a response; the retry gets one
    origin.on("/flaky", head -> calls.getAndIncrement() == 0
        ? new ScriptedOrigin.Answer(new byte[0], false, true)
        : ScriptedOrigin.Answer.of("HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok"));
  }

  @AfterAll
  static void stop() throws Exception {
    proxy.close();
    origin.close();
  }

  @Test
  void proxiedRequestRetriedRequestAndLocalError() {
    proxy.configure(e -> e
        .service(proxy.echo().url("/")).route("/ev-echo")
        .service(origin.url(), s -> s.put("retries", 1)).route(r -> {
          r.set("paths", Entities.strings("/flaky"));
          r.put("strip_path", false);
        }));
    int echoPort = proxy.echo().port();
    int originPort = Integer.parseInt(origin.url().substring(origin.url().lastIndexOf(':') + 1));

    HttpResponse<String> proxied = proxy.get("/ev-echo/a");
    assertThat(proxied.statusCode()).isEqualTo(200);
    assertThat(recorder.of(proxied)).containsExactly(
        "accepted GET /ev-echo/a status=0 tries=0",
        "routed route=true service=true",
        "try 1 port=" + echoPort + " reused=false status=200 connect=true firstByte=true failure=null",
        "answered status=200 tries=1 bytes=" + proxied.body().length(),
        "logged elapsed=true ended=true");

    HttpResponse<String> retried = proxy.get("/flaky");
    assertThat(retried.statusCode()).isEqualTo(200);
    assertThat(recorder.of(retried)).containsExactly(
        "accepted GET /flaky status=0 tries=0",
        "routed route=true service=true",
        "try 1 port=" + originPort + " reused=false status=0 firstByte=-1 failure=connection closed before a complete "
            + "response by 127.0.0.1/127.0.0.1:" + originPort,
        "try 2 port=" + originPort + " reused=false status=200 connect=true firstByte=true failure=null",
        "answered status=200 tries=2 bytes=2",
        "logged elapsed=true ended=true");

    HttpResponse<String> local = proxy.get("/ev-nowhere");
    assertThat(local.statusCode()).isEqualTo(404);
    assertThat(recorder.of(local)).containsExactly(
        "accepted GET /ev-nowhere status=0 tries=0",
        "answered status=404 tries=0 bytes=" + local.body().length(),
        "logged elapsed=true ended=true");
  }
}
