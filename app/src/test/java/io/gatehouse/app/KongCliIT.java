package io.gatehouse.app;

import static org.assertj.core.api.Assertions.assertThat;

import io.gatehouse.core.json.Json;
import io.gatehouse.testsupport.PostgresServer;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 21: Kong's command line as a user runs it, each command in a fresh JVM (as CliLifecycleIT):
 * {@code migrations} against SQLite and PostgreSQL with Kong's messages and exit codes, {@code check},
 * {@code prepare}, {@code vault get}, Kong's {@code start} flags, {@code quit}, {@code restart}, {@code drain}, and
 * the {@code kong} alias of the launcher.
 */
@Timeout(value = 4, unit = TimeUnit.MINUTES)
class KongCliIT {

  @TempDir Path dir;


  @AfterEach
  void killLeftovers() {
    new PidFile(dir.resolve("prefix").resolve("gatehouse.pid")).liveProcess().ifPresent(ProcessHandle::destroyForcibly);
  }

  // Kong 3.9 cmd/migrations.lua: list exits 3 before bootstrap, bootstrap once, reset asks --yes
  @Test
  void migrationsOnTheEmbeddedStore() throws Exception {
    String prefix = dir.resolve("prefix").toString();
    CliProcess.Result list = cli(Map.of(), "migrations", "list", "--prefix", prefix);
    assertThat(list.exit()).as(list.toString()).isEqualTo(3);
    assertThat(list.out()).startsWith("Database needs bootstrapping");
    migrationsLifecycle(Map.of(), "--prefix", prefix);
  }

  @Test
  void migrationsOnPostgres() throws Exception {
    try (PostgresServer pg = PostgresServer.launch()) {
      pg.createDatabase("kongcli");
      Map<String, String> env = new HashMap<>(Map.of("KONG_DATABASE", "postgres", "KONG_PG_HOST", pg.host(),
          "KONG_PG_PORT", Integer.toString(pg.port()), "KONG_PG_USER", pg.user(), "KONG_PG_DATABASE", "kongcli"));
      if (pg.password() != null) {
        env.put("KONG_PG_PASSWORD", pg.password());
      }
      CliProcess.Result first = cli(env, "migrations", "list", "--prefix", dir.resolve("p").toString());
      assertThat(first.exit()).as(first.toString()).isEqualTo(3);
      migrationsLifecycle(env, "--prefix", dir.resolve("p").toString());
    }
  }

  private void migrationsLifecycle(Map<String, String> env, String... common) throws Exception {
    CliProcess.Result up = cli(env, concat(List.of("migrations", "up"), common));
    assertThat(up.exit()).isEqualTo(1);
    assertThat(up.err()).contains("Cannot run migrations: Database needs bootstrapping");
    CliProcess.Result bootstrap = cli(env, concat(List.of("migrations", "bootstrap"), common));
    assertThat(bootstrap.exit()).as(bootstrap.toString()).isZero();
    assertThat(bootstrap.out()).isEqualTo("Bootstrapping database...\nDatabase is up-to-date\n");
    assertThat(cli(env, concat(List.of("migrations", "bootstrap"), common)).out()).isEqualTo("Database already bootstrapped\n");
    CliProcess.Result listed = cli(env, concat(List.of("migrations", "list"), common));
    assertThat(listed.exit()).isZero();
    assertThat(listed.out()).startsWith("Executed migrations:\n").contains("1__config_store");
    assertThat(cli(env, concat(List.of("migrations", "up"), common)).out()).isEqualTo("Database is already up-to-date\n");
    assertThat(cli(env, concat(List.of("migrations", "finish"), common)).out()).isEqualTo("No pending migrations to finish\n");
    var status = Json.parse(cli(env, concat(List.of("migrations", "status"), common)).out());
    assertThat(status.get("needs_bootstrap").asBoolean()).isFalse();
    assertThat(status.at("/executed_migrations/0/migrations").size()).isPositive();
    CliProcess.Result noTty = cli(env, concat(List.of("migrations", "reset"), common));
    assertThat(noTty.exit()).isEqualTo(1);
    assertThat(noTty.err()).contains("not a tty: invoke 'reset' non-interactively with the --yes flag");
    CliProcess.Result reset = cli(env, concat(List.of("migrations", "reset", "--yes"), common));
    assertThat(reset.exit()).as(reset.toString()).isZero();
    assertThat(reset.out()).isEqualTo("Resetting database...\nDatabase successfully reset\n");
    assertThat(cli(env, concat(List.of("migrations", "list"), common)).exit()).isEqualTo(3);
    CliProcess.Result again = cli(env, concat(List.of("migrations", "reset", "--yes"), common));
    assertThat(again.exit()).isEqualTo(1);
    assertThat(again.out()).isEqualTo("Database not bootstrapped, nothing to reset\n");
  }

  // Kong cmd/check.lua, cmd/prepare.lua, cmd/vault.lua
  @Test
  void checkPrepareAndVaultGet() throws Exception {
    Path good = Files.writeString(dir.resolve("kong.conf"), "log_level = info\n");
    CliProcess.Result ok = cli(Map.of(), "check", good.toString());
    assertThat(ok.exit()).as(ok.toString()).isZero();
    assertThat(ok.out()).isEqualTo("configuration at " + good.toAbsolutePath() + " is valid\n");
    Path bad = Files.writeString(dir.resolve("bad.conf"), "log_level = loud\n");
    CliProcess.Result invalid = cli(Map.of(), "check", bad.toString());
    assertThat(invalid.exit()).isEqualTo(1);
    assertThat(invalid.err()).contains("log_level");

    Path prefix = dir.resolve("prepared");
    CliProcess.Result prepared = cli(Map.of(), "prepare", "--prefix", prefix.toString(), "--nginx-conf", "custom.template");
    assertThat(prepared.exit()).isZero();
    assertThat(prepared.err()).contains("--nginx-conf is not applicable");
    assertThat(prefix).isDirectory();

    CliProcess.Result secret = cli(Map.of("MY_SECRET", "hunter2"), "vault", "get", "{vault://env/my-secret}", "--prefix", prefix.toString());
    assertThat(secret.exit()).as(secret.toString()).isZero();
    assertThat(secret.out()).isEqualTo("hunter2\n");
    CliProcess.Result missing = cli(Map.of(), "vault", "get", "{vault://env/not-there}", "--prefix", prefix.toString());
    assertThat(missing.exit()).isEqualTo(1);
    assertThat(missing.err()).contains("environment variable 'NOT_THERE' is not set");
  }

  // Kong cmd/start.lua flags accepted; quit and restart act on the prefix's node
  @Test
  void startWithKongsFlagsThenRestartAndQuit() throws Exception {
    int[] ports = CliProcess.freePorts(3);
    Path conf = Files.writeString(dir.resolve("node.conf"), """
        proxy_listen = 127.0.0.1:%d
        admin_listen = 127.0.0.1:%d
        status_listen = 127.0.0.1:%d
        """.formatted(ports[0], ports[1], ports[2]));
    String prefix = dir.resolve("prefix").toString();
    CliProcess.Result start = cli(Map.of(), "start", "-c", conf.toString(), "--prefix", prefix, "--run-migrations",
        "--db-timeout", "5", "--lock-timeout", "5", "--nginx-conf", "custom.template");
    assertThat(start.exit()).as(start.toString()).isZero();
    assertThat(start.err()).contains("--nginx-conf is not applicable");
    long firstPid = new PidFile(dir.resolve("prefix").resolve("gatehouse.pid")).read().orElseThrow();
    CliProcess.Result restart = cli(Map.of(), "restart", "-c", conf.toString(), "--prefix", prefix);
    assertThat(restart.exit()).as(restart.toString()).isZero();
    long secondPid = new PidFile(dir.resolve("prefix").resolve("gatehouse.pid")).read().orElseThrow();
    assertThat(secondPid).isNotEqualTo(firstPid);
    assertThat(cli(Map.of(), "health", "-c", conf.toString(), "--prefix", prefix).exit()).isZero();
    // Kong 3.9 cmd/drain.lua: /status/ready answers 503 "draining" while the node keeps proxying
    CliProcess.Result drain = cli(Map.of(), "drain", "-c", conf.toString(), "--prefix", prefix);
    assertThat(drain.exit()).as(drain.toString()).isZero();
    assertThat(drain.out()).contains("status successfully changed to 'draining'");
    HttpClient http = HttpClient.newHttpClient();
    HttpResponse<String> ready = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + ports[2] + "/status/ready")).build(),
        HttpResponse.BodyHandlers.ofString());
    assertThat(ready.statusCode()).isEqualTo(503);
    assertThat(Json.parse(ready.body()).path("message").asText()).isEqualTo("draining");
    CliProcess.Result unhealthy = cli(Map.of(), "health", "-c", conf.toString(), "--prefix", prefix);
    assertThat(unhealthy.exit()).as(unhealthy.toString()).isEqualTo(1);
    HttpResponse<String> proxied = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + ports[0] + "/nowhere")).build(),
        HttpResponse.BodyHandlers.ofString());
    assertThat(proxied.statusCode()).as("a draining node still proxies").isEqualTo(404);
    assertThat(proxied.body()).contains("no Route matched");
    HttpResponse<String> bad = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + ports[2] + "/status/ready"))
        .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString("{\"status\":\"ready\"}")).build(),
        HttpResponse.BodyHandlers.ofString());
    assertThat(bad.statusCode()).as("Kong accepts only status=draining").isEqualTo(400);
    CliProcess.Result quit = cli(Map.of(), "quit", "-c", conf.toString(), "--prefix", prefix);
    assertThat(quit.exit()).as(quit.toString()).isZero();
    assertThat(ProcessHandle.of(secondPid).map(ProcessHandle::isAlive).orElse(false)).isFalse();
  }

  // the `kong` alias forwards to the launcher (java-home needs no build)
  @Test
  void kongAliasRunsTheLauncher() throws Exception {
    Path root = Path.of(System.getProperty("user.dir")).getParent();
    Process p = new ProcessBuilder(root.resolve("kong").toString(), "java-home").redirectErrorStream(true).start();
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
    String out = new String(p.getInputStream().readAllBytes()).trim();
    assertThat(p.exitValue()).as(out).isZero();
    assertThat(Path.of(out).resolve("bin").resolve("java")).exists();
  }

  private static String[] concat(List<String> head, String... tail) {
    List<String> all = new ArrayList<>(head);
    all.addAll(List.of(tail));
    return all.toArray(String[]::new);
  }

  private CliProcess.Result cli(Map<String, String> env, String... args) throws IOException, InterruptedException {
    return new CliProcess(dir).run(env, args);
  }
}
