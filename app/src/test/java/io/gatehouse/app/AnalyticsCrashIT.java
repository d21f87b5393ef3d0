package io.gatehouse.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.gatehouse.admin.testing.AdminClient;
import io.gatehouse.proxy.testing.EchoUpstream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Issue 20: kill -9 while calls are being logged loses at most the in-memory queue; the store reopens intact. */
class AnalyticsCrashIT {
  @TempDir Path dir;

  private Path prefix() {
    return dir.resolve("prefix");
  }

  @AfterEach
  void killLeftovers() {
    new PidFile(prefix().resolve("gatehouse.pid")).liveProcess().ifPresent(ProcessHandle::destroyForcibly);
  }

  @Test
  void theStoreSurvivesKillMinus9DuringLogging() throws Exception {
    int[] ports = CliProcess.freePorts(2);
    Path conf = dir.resolve("gatehouse.conf");
    Files.writeString(conf, """
        proxy_listen = 127.0.0.1:%d
        admin_listen = 127.0.0.1:%d
        status_listen = off
        analytics = on
        """.formatted(ports[0], ports[1]));
    CliProcess cli = new CliProcess(dir);
    String[] start = {"start", "-c", conf.toString(), "--prefix", prefix().toString()};
    try (EchoUpstream upstream = EchoUpstream.start()) {
      CliProcess.Result started = cli.run(Map.of(), start);
      assertThat(started.exit()).as(started.toString()).isZero();
      AdminClient admin = new AdminClient("http://127.0.0.1:" + ports[1]);
      assertThat(admin.post("/services", "{\"name\":\"crash\",\"url\":\"" + upstream.url("/") + "\"}").status()).isEqualTo(201);
      assertThat(admin.post("/services/crash/routes", "{\"paths\":[\"/crash\"]}").status()).isEqualTo(201);

      HttpClient http = HttpClient.newHttpClient();
      HttpRequest call = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + ports[0] + "/crash")).build();
      await().atMost(Duration.ofSeconds(10)).until(() -> http.send(call, HttpResponse.BodyHandlers.discarding()).statusCode() == 200);
      AtomicBoolean sending = new AtomicBoolean(true);
      Thread load = Thread.ofPlatform().start(() -> {
        while (sending.get()) {
          try {
            http.send(call, HttpResponse.BodyHandlers.discarding());
          } catch (Exception goneAfterKill) {
            // the node was killed
          }
        }
      });
      await().atMost(Duration.ofSeconds(10)).until(() -> written(admin) >= 200);
      long writtenBeforeKill = written(admin);
      long pid = new PidFile(prefix().resolve("gatehouse.pid")).read().orElseThrow();
      ProcessHandle.of(pid).orElseThrow().destroyForcibly(); // SIGKILL while calls are still being logged
      await().atMost(Duration.ofSeconds(10)).until(() -> new PidFile(prefix().resolve("gatehouse.pid")).liveProcess().isEmpty());
      sending.set(false);
      load.join();

      CliProcess.Result restarted = cli.run(Map.of(), start);
      assertThat(restarted.exit()).as(restarted.toString()).isZero();
      AdminClient.Resp total = admin.get("/analytics/aggregates?service=crash");
      assertThat(total.status()).as(total.text()).isEqualTo(200);
      assertThat(total.json().path("data").get(0).path("requests").asLong()).isGreaterThanOrEqualTo(writtenBeforeKill);
      assertThat(admin.get("/analytics/calls?service=crash&size=5").json().path("data")).hasSize(5);
      // and it keeps recording
      String id = http.send(call, HttpResponse.BodyHandlers.discarding()).headers().firstValue("X-Kong-Request-Id").orElseThrow();
      await().atMost(Duration.ofSeconds(2)).until(() -> admin.get("/analytics/calls/" + id).status() == 200);
      CliProcess.Result stopped = cli.run(Map.of(), "stop", "--prefix", prefix().toString());
      assertThat(stopped.exit()).as(stopped.toString()).isZero();
    }
  }

  private static long written(AdminClient admin) {
    JsonNode a = admin.get("/status").json().path("analytics");
    return a.path("written").asLong();
  }
}
