package io.gatehouse.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The real CLI in real processes: {@code start} detaches a node, {@code health} asks its status
 * listener, {@code stop} ends it. Ports are picked free on loopback for each test.
 */
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class CliLifecycleIT {

  @TempDir Path dir;
  private Path prefix;
  private Path conf;
  private int statusPort;
  private int adminPort;


  @BeforeEach
  void writeConf() throws IOException {
    prefix = dir.resolve("prefix");
    conf = dir.resolve("gatehouse.conf");
    int[] ports = CliProcess.freePorts(3);
    statusPort = ports[2];
    adminPort = ports[1];
    Files.writeString(conf, """
        # a test node on loopback only
        proxy_listen = 127.0.0.1:%d
        admin_listen = 127.0.0.1:%d
        status_listen = 127.0.0.1:%d
        log_level = info
        """.formatted(ports[0], ports[1], ports[2]));
  }

  @AfterEach
  void killLeftovers() {
    // a failed assertion must not leave a node running
    new PidFile(prefix.resolve("gatehouse.pid")).liveProcess().ifPresent(ProcessHandle::destroyForcibly);
  }

  @Test
  void startHealthStop() throws Exception {
    CliProcess.Result start = cli("start", "-c", conf.toString(), "--prefix", prefix.toString());
    assertThat(start.exit()).as(start.toString()).isZero();
    assertThat(start.out()).contains("Gatehouse started").contains("status API:  http://127.0.0.1:" + statusPort);

    PidFile pidFile = new PidFile(prefix.resolve("gatehouse.pid"));
    OptionalLong pid = pidFile.read();
    assertThat(pid).isPresent();
    assertThat(ProcessHandle.of(pid.getAsLong())).hasValueSatisfying(p -> assertThat(p.isAlive()).isTrue());
    assertThat(prefix.resolve("logs/error.log")).content().contains("started in " + prefix);

    CliProcess.Result health = cli("health", "-c", conf.toString(), "--prefix", prefix.toString());
    assertThat(health.exit()).as(health.toString()).isZero();
    assertThat(health.out()).contains("gatehouse is healthy");

    CliProcess.Result again = cli("start", "-c", conf.toString(), "--prefix", prefix.toString());
    assertThat(again.exit()).isEqualTo(1);
    assertThat(again.err()).contains("already running").contains("pid " + pid.getAsLong());

    CliProcess.Result stop = cli("stop", "-c", conf.toString(), "--prefix", prefix.toString());
    assertThat(stop.exit()).as(stop.toString()).isZero();
    assertThat(stop.out()).contains("Gatehouse stopped");
    assertThat(ProcessHandle.of(pid.getAsLong()).filter(ProcessHandle::isAlive)).isEmpty();
    assertThat(pidFile.path()).doesNotExist();
    assertThat(prefix.resolve("logs/error.log")).content().contains("stopped");

    CliProcess.Result down = cli("health", "-c", conf.toString(), "--prefix", prefix.toString());
    assertThat(down.exit()).isNotZero();
    assertThat(down.err()).contains("not healthy").contains("connection refused").contains("no gatehouse is running");

    CliProcess.Result stopAgain = cli("stop", "-c", conf.toString(), "--prefix", prefix.toString());
    assertThat(stopAgain.exit()).isEqualTo(1);
    assertThat(stopAgain.err()).contains("not running");
  }

  @Test
  void acceptedConfigSurvivesKillMinus9() throws Exception {
    CliProcess.Result start = cli("start", "-c", conf.toString(), "--prefix", prefix.toString());
    assertThat(start.exit()).as(start.toString()).isZero();
    var http = java.net.http.HttpClient.newHttpClient();
    var admin = java.net.URI.create("http://127.0.0.1:" + adminPort + "/consumers");
    var created = http.send(java.net.http.HttpRequest.newBuilder(admin)
        .header("Content-Type", "application/json")
        .POST(java.net.http.HttpRequest.BodyPublishers.ofString("{\"username\":\"survivor\"}")).build(),
        java.net.http.HttpResponse.BodyHandlers.ofString());
    assertThat(created.statusCode()).isEqualTo(201);
    long pid = new PidFile(prefix.resolve("gatehouse.pid")).read().orElseThrow();
    ProcessHandle.of(pid).orElseThrow().destroyForcibly(); // SIGKILL right after the 2xx
    await().atMost(Duration.ofSeconds(10)).until(() -> new PidFile(prefix.resolve("gatehouse.pid")).liveProcess().isEmpty());

    CliProcess.Result restart = cli("start", "-c", conf.toString(), "--prefix", prefix.toString());
    assertThat(restart.exit()).as(restart.toString()).isZero();
    var read = http.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(admin + "/survivor")).build(),
        java.net.http.HttpResponse.BodyHandlers.ofString());
    assertThat(read.statusCode()).as(read.body()).isEqualTo(200);
    assertThat(cli("stop", "-c", conf.toString(), "--prefix", prefix.toString()).exit()).isZero();
  }

  @Test
  void dblessStartWithoutConfigurationStartsNotReadyUntilOneIsPosted() throws Exception { // issue 17, as Kong
    Files.writeString(conf, Files.readString(conf) + "database = off\n");
    long t0 = System.nanoTime();
    CliProcess.Result start = cli("start", "-c", conf.toString(), "--prefix", prefix.toString());
    assertThat(start.exit()).as(start.toString()).isZero();
    assertThat(Duration.ofNanos(System.nanoTime() - t0)).as("no wait for a readiness that needs a config").isLessThan(Duration.ofSeconds(45));
    assertThat(start.out()).contains("Gatehouse started").contains("Not ready yet").contains("POST /config");
    var http = java.net.http.HttpClient.newHttpClient();
    var ready = java.net.URI.create("http://127.0.0.1:" + statusPort + "/status/ready");
    var notReady = http.send(java.net.http.HttpRequest.newBuilder(ready).build(), java.net.http.HttpResponse.BodyHandlers.ofString());
    assertThat(notReady.statusCode()).isEqualTo(503);
    assertThat(notReady.body()).contains("no configuration available");

    var posted = http.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create("http://127.0.0.1:" + adminPort + "/config"))
        .header("Content-Type", "application/json")
        .POST(java.net.http.HttpRequest.BodyPublishers.ofString(
            "{\"_format_version\":\"3.0\",\"services\":[{\"name\":\"posted\",\"host\":\"a.test\"}]}")).build(),
        java.net.http.HttpResponse.BodyHandlers.ofString());
    assertThat(posted.statusCode()).as(posted.body()).isEqualTo(201);
    await().atMost(Duration.ofSeconds(20)).until(() ->
        http.send(java.net.http.HttpRequest.newBuilder(ready).build(), java.net.http.HttpResponse.BodyHandlers.ofString()).statusCode() == 200);
    assertThat(cli("stop", "-c", conf.toString(), "--prefix", prefix.toString()).exit()).isZero();
  }

  @Test
  void startFailsClearlyWithTheLogTailWhenTheNodeCannotListen() throws Exception {
    try (ServerSocket taken = new ServerSocket()) {
      taken.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), statusPort));
      CliProcess.Result start = cli("start", "-c", conf.toString(), "--prefix", prefix.toString());
      assertThat(start.exit()).isEqualTo(1);
      assertThat(start.err())
          .contains("gatehouse did not start: the process exited with status 1")
          .contains("Last lines of " + prefix.resolve("logs/error.log"))
          .contains("cannot listen on status_listen");
    }
    assertThat(prefix.resolve("gatehouse.pid")).doesNotExist();
  }

  @Test
  void runInTheForegroundStopsCleanlyOnSigterm() throws Exception {
    Process run = new CliProcess(dir).command(Map.of(), "run", "-c", conf.toString(), "--prefix", prefix.toString())
        .redirectErrorStream(true)
        .redirectOutput(dir.resolve("run.out").toFile())
        .start();
    try {
      await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(100))
          .until(() -> cli("health", "-c", conf.toString(), "--prefix", prefix.toString()).exit() == 0);
      assertThat(new PidFile(prefix.resolve("gatehouse.pid")).read()).hasValue(run.pid());
      run.destroy(); // SIGTERM
      assertThat(run.waitFor(30, TimeUnit.SECONDS)).isTrue();
      assertThat(prefix.resolve("gatehouse.pid")).doesNotExist();
      assertThat(dir.resolve("run.out")).content().contains("shutting down").contains("stopped");
    } finally {
      run.destroyForcibly();
    }
  }

  @Test
  void invalidConfigurationIsReportedWithoutStarting() throws Exception {
    Files.writeString(conf, "log_level = loud\nadmin_listen = 127.0.0.1:99999\n");
    CliProcess.Result start = cli("start", "-c", conf.toString(), "--prefix", prefix.toString());
    assertThat(start.exit()).isEqualTo(1);
    assertThat(start.err()).contains("invalid configuration").contains("log_level has an invalid value: 'loud'")
        .contains("invalid port 99999");
    assertThat(prefix.resolve("gatehouse.pid")).doesNotExist();
  }

  @Test
  void versionPrintsTheBuildVersion() throws Exception {
    CliProcess.Result version = cli("version");
    assertThat(version.exit()).isZero();
    assertThat(version.out()).startsWith("Gatehouse ").doesNotContain("${");
  }

  private CliProcess.Result cli(String... args) throws IOException, InterruptedException {
    return new CliProcess(dir).run(args);
  }
}
