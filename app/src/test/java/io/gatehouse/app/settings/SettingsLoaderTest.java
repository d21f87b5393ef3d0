package io.gatehouse.app.settings;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SettingsLoaderTest {
  @TempDir Path dir;

  private Settings load(Map<String, String> env, @Nullable String fileText, Map<String, String> cli)
      throws IOException {
    Path file = null;
    if (fileText != null) {
      file = dir.resolve("gatehouse.conf");
      Files.writeString(file, fileText);
    }
    return new SettingsLoader(env, List.of(), dir.resolve("home")).load(file, cli);
  }

  @Test
  void defaultsAreKongsWithGatehouseChoices() throws IOException {
    Settings s = load(Map.of(), null, Map.of());
    assertThat(s.proxyListen()).extracting(Listener::authority).containsExactly("0.0.0.0:8000", "0.0.0.0:8443");
    assertThat(s.proxyListen()).extracting(Listener::ssl).containsExactly(false, true);
    assertThat(s.adminListen()).extracting(Listener::authority).containsExactly("127.0.0.1:8001");
    assertThat(s.statusListen()).extracting(Listener::authority).containsExactly("127.0.0.1:8007");
    assertThat(s.database()).isEqualTo(Database.SQLITE);
    assertThat(s.logLevel()).isEqualTo(LogLevel.NOTICE);
    assertThat(s.plugins()).containsExactly("bundled");
    assertThat(s.list("headers")).containsExactly("server_tokens", "latency_tokens", "X-Kong-Request-Id");
    assertThat(s.list("trusted_ips")).isEmpty();
    assertThat(s.string("real_ip_header")).isEqualTo("X-Real-IP");
    assertThat(s.bool("real_ip_recursive")).isFalse();
    assertThat(s.string("error_default_type")).isEqualTo("text/plain");
    assertThat(s.integer("upstream_keepalive_pool_size")).isEqualTo(512);
    assertThat(s.integer("upstream_keepalive_max_requests")).isEqualTo(10000);
    assertThat(s.integer("upstream_keepalive_idle_timeout")).isEqualTo(60);
    assertThat(s.bytes("nginx_http_client_max_body_size")).isZero();
    assertThat(s.bytes("nginx_admin_client_max_body_size")).isEqualTo(10L * 1024 * 1024);
    assertThat(s.duration("nginx_http_client_header_timeout")).isEqualTo(Duration.ofSeconds(60));
    assertThat(s.string("pg_host")).isEqualTo("127.0.0.1");
    assertThat(s.integer("pg_port")).isEqualTo(5432);
    assertThat(s.string("pg_password")).isNull();
    assertThat(s.declarativeConfig()).isNull();
    assertThat(s.confFile()).isNull();
    assertThat(s.warnings()).isEmpty();
  }

  /** Precedence, highest first: CLI, GATEHOUSE_ env, KONG_ env, file, default (Kong §8.1 plus our prefix). */
  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', nullValues = "-", textBlock = """
      default only               | -     | -     | -     | -     | notice
      file over default          | info  | -     | -     | -     | info
      KONG_ env over file        | info  | warn  | -     | -     | warn
      GATEHOUSE_ env over KONG_  | info  | warn  | error | -     | error
      GATEHOUSE_ env alone       | -     | -     | crit  | -     | crit
      CLI over everything        | info  | warn  | error | debug | debug
      """)
  void precedence(String name, @Nullable String file, @Nullable String kongEnv, @Nullable String gatehouseEnv,
      @Nullable String cli, String expected) throws IOException {
    Map<String, String> env = new java.util.HashMap<>();
    if (kongEnv != null) {
      env.put("KONG_LOG_LEVEL", kongEnv);
    }
    if (gatehouseEnv != null) {
      env.put("GATEHOUSE_LOG_LEVEL", gatehouseEnv);
    }
    Settings s = load(env, file == null ? null : "log_level = " + file, cli == null ? Map.of() : Map.of("log_level", cli));
    assertThat(s.string("log_level")).isEqualTo(expected);
  }

  /** Kong 3.9 conf_loader/parse.lua: tracing types and rate, and the deprecated opentelemetry_* aliases. */
  @Test
  void tracingSettingsAreCheckedAsKongDoes() throws IOException {
    Settings s = load(Map.of(), null, Map.of());
    assertThat(s.list("tracing_instrumentations")).containsExactly("off");
    assertThat(s.number("tracing_sampling_rate")).isEqualTo(0.01);
    Settings aliased = load(Map.of("KONG_OPENTELEMETRY_TRACING", "balancer,router",
        "KONG_OPENTELEMETRY_TRACING_SAMPLING_RATE", "0.5"), null, Map.of());
    assertThat(aliased.list("tracing_instrumentations")).containsExactly("balancer", "router");
    assertThat(aliased.number("tracing_sampling_rate")).isEqualTo(0.5);
    assertThatThrownBy(() -> load(Map.of("KONG_TRACING_INSTRUMENTATIONS", "off,router,nope",
        "KONG_TRACING_SAMPLING_RATE", "2"), null, Map.of()))
        .isInstanceOf(SettingsException.class)
        .hasMessageContaining("invalid tracing type: nope")
        .hasMessageContaining("invalid tracing types: off, other types are mutually exclusive")
        .hasMessageContaining("tracing_sampling_rate must be between 0 and 1");
  }

  @Test
  void prefixFromCliWinsAndIsAbsolute() throws IOException {
    Settings s = load(Map.of("KONG_PREFIX", "/from/env"), "prefix = /from/file", Map.of("prefix", "rel/dir"));
    assertThat(s.prefix()).isEqualTo(Path.of("rel/dir").toAbsolutePath());
    assertThat(s.pidFile()).isEqualTo(s.prefix().resolve("gatehouse.pid"));
    assertThat(s.redacted()).containsEntry("prefix", s.prefix().toString());
  }

  @Test
  void defaultPrefixIsPerUser() throws IOException {
    assertThat(load(Map.of(), null, Map.of()).prefix()).isEqualTo(dir.resolve("home/.local/share/gatehouse"));
    assertThat(load(Map.of("XDG_DATA_HOME", "/data/u"), null, Map.of()).prefix()).isEqualTo(Path.of("/data/u/gatehouse"));
    assertThat(load(Map.of("XDG_DATA_HOME", "relative"), null, Map.of()).prefix())
        .isEqualTo(dir.resolve("home/.local/share/gatehouse"));
  }

  @Test
  void envOnlyReadsSettingNames() throws IOException {
    Settings s = load(Map.of("KONG_VERSION", "3.9.0", "GATEHOUSE_JAVA_OPTS", "-Xmx1g",
        "KONG_NGINX_HTTP_CLIENT_MAX_BODY_SIZE", "8m", "KONG_NGINX_WORKER_RLIMIT", "1"), null, Map.of());
    assertThat(s.text("version")).isNull();
    assertThat(s.text("java_opts")).isNull();
    assertThat(s.bytes("nginx_http_client_max_body_size")).isEqualTo(8L * 1024 * 1024);
    assertThat(s.text("nginx_worker_rlimit")).isEqualTo("1");
  }

  @Test
  void typesValuesAsKongDoes() throws IOException {
    Settings s = load(Map.of(), """
        real_ip_recursive = on
        allow_debug_header = true
        pg_ssl = off
        trusted_ips = 10.0.0.0/8,  192.168.0.0/16 ,::1
        plugins = bundled,my-plugin
        headers = off
        database = OFF
        declarative_config = kong.yml
        pg_timeout = 1000
        db_update_frequency = 0.5
        error_default_type = APPLICATION/JSON
        """, Map.of());
    assertThat(s.bool("real_ip_recursive")).isTrue();
    assertThat(s.bool("allow_debug_header")).isTrue();
    assertThat(s.bool("pg_ssl")).isFalse();
    assertThat(s.list("trusted_ips")).containsExactly("10.0.0.0/8", "192.168.0.0/16", "::1");
    assertThat(s.plugins()).containsExactly("bundled", "my-plugin");
    assertThat(s.list("headers")).containsExactly("off");
    assertThat(s.database()).isEqualTo(Database.OFF);
    assertThat(s.declarativeConfig()).isEqualTo(Path.of("kong.yml").toAbsolutePath());
    assertThat(s.integer("pg_timeout")).isEqualTo(1000);
    assertThat(s.number("db_update_frequency")).isEqualTo(0.5);
    assertThat(s.string("error_default_type")).isEqualTo("application/json");
  }

  @Test
  void noneUnsetsAValue() throws IOException {
    Settings s = load(Map.of("KONG_PG_HOST", "NONE"), "plugins = NONE\nstatus_listen = off", Map.of());
    assertThat(s.string("pg_host")).isNull();
    assertThat(s.plugins()).isEmpty();
    assertThat(s.statusListen()).isEmpty();
  }

  @Test
  void pluginsOffMeansNone() throws IOException {
    assertThat(load(Map.of(), "plugins = off", Map.of()).plugins()).isEmpty();
  }

  @Test
  void unknownKeysWarnButLoad() throws IOException {
    Settings s = load(Map.of(), "foo_bar = 1\nnginx_proxy_proxy_buffer_size = 16k\nlog_level = warn", Map.of());
    assertThat(s.string("log_level")).isEqualTo("warn");
    assertThat(s.text("foo_bar")).isEqualTo("1");
    assertThat(s.warnings()).hasSize(2);
    assertThat(s.warnings().get(0)).contains("unknown setting 'foo_bar'");
    assertThat(s.warnings().get(1)).contains("nginx_proxy_proxy_buffer_size").contains("nginx directive");
  }

  /** Kong's wording: "<key> has an invalid value: '<v>' (<allowed>)"; every error is reported at once. */
  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', textBlock = """
      log_level = loud                 | log_level has an invalid value: 'loud' (debug, info, notice, warn, error, crit, alert, emerg)
      database = mysql                 | database has an invalid value: 'mysql' (sqlite, postgres, off)
      database = cassandra             | Cassandra as a datastore for Kong is not supported in versions 3.4 and above. Please use Postgres.
      proxy_listen = 0.0.0.0:99999     | proxy_listen has an invalid entry '0.0.0.0:99999': invalid port 99999
      admin_listen = localhost         | admin_listen has an invalid entry 'localhost'
      pg_port = five                   | pg_port is not a number: 'five'
      real_ip_recursive = yes          | real_ip_recursive is not a boolean: 'yes' (on, off)
      headers = server_tokens, X-Foo   | headers has an invalid value: 'X-Foo'
      error_default_type = text/csv    | error_default_type has an invalid value: 'text/csv'
      nginx_http_client_max_body_size = 10x | nginx_http_client_max_body_size is not a size: '10x'
      nginx_http_client_header_timeout = soon | nginx_http_client_header_timeout is not a time: 'soon'
      """)
  void rejectsBadValues(String line, String message) {
    assertThatThrownBy(() -> load(Map.of(), line, Map.of()))
        .isInstanceOfSatisfying(SettingsException.class, e -> assertThat(e.errors()).singleElement()
            .satisfies(m -> assertThat(m).startsWith(message)));
  }

  @Test
  void reportsAllErrorsTogether() {
    assertThatThrownBy(() -> load(Map.of("KONG_PG_PORT", "x"), "log_level = loud\ndatabase = mysql", Map.of()))
        .isInstanceOfSatisfying(SettingsException.class, e -> assertThat(e.errors()).hasSize(3));
  }

  @Test
  void missingConfFileIsAnError() {
    Path missing = dir.resolve("nope.conf");
    assertThatThrownBy(() -> new SettingsLoader(Map.of(), List.of(), dir).load(missing, Map.of()))
        .isInstanceOf(SettingsException.class)
        .hasMessage("configuration file not found: " + missing);
  }

  @Test
  void withoutDashCTheFirstExistingDefaultFileIsRead() throws IOException {
    Path gatehouseConf = dir.resolve("etc/gatehouse/gatehouse.conf");
    Path kongConf = dir.resolve("etc/kong/kong.conf");
    Files.createDirectories(kongConf.getParent());
    Files.writeString(kongConf, "log_level = info\n");
    SettingsLoader loader = new SettingsLoader(Map.of(), List.of(gatehouseConf, kongConf), dir);
    assertThat(loader.load(null, Map.of()).string("log_level")).isEqualTo("info");
    assertThat(loader.load(null, Map.of()).confFile()).isEqualTo(kongConf);

    Files.createDirectories(gatehouseConf.getParent());
    Files.writeString(gatehouseConf, "log_level = warn\n");
    assertThat(loader.load(null, Map.of()).string("log_level")).isEqualTo("warn");
  }

  @Test
  void typedAccessorsCheckTheirArguments() throws IOException {
    Settings s = load(Map.of(), null, Map.of());
    assertThatThrownBy(() -> s.integer("no_such_key")).hasMessageContaining("no_such_key");
    assertThatThrownBy(() -> s.integer("log_level")).hasMessageContaining("log_level is a STRING setting");
  }
}
