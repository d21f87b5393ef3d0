package io.gatehouse.app.settings;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** {@code GET /} shows the effective configuration with secrets replaced, as Kong's remove_sensitive does. */
class SettingsRedactionTest {
  private static Settings load(Map<String, String> env) {
    return new SettingsLoader(env, List.of(), Path.of("/home/u")).load(null, Map.of());
  }

  @ParameterizedTest
  @CsvSource({
      "KONG_PG_PASSWORD, pg_password",
      "KONG_PG_RO_PASSWORD, pg_ro_password",
      "KONG_DECLARATIVE_CONFIG_STRING, declarative_config_string",
      "KONG_SSL_CERT_KEY, ssl_cert_key",
      "KONG_CLIENT_SSL_CERT_KEY, client_ssl_cert_key",
      "KONG_PROXY_SERVER, proxy_server",
      "KONG_NGINX_PROXY_SECRET_THING, nginx_proxy_secret_thing",
      "KONG_NGINX_HTTP_SSL_CERTIFICATE_KEY, nginx_http_ssl_certificate_key",
  })
  void secretsAreRedacted(String envName, String key) {
    Map<String, Object> shown = load(Map.of(envName, "hunter2")).redacted();
    assertThat(shown).containsEntry(key, Settings.REDACTED);
    assertThat(shown.toString()).doesNotContain("hunter2");
  }

  @Test
  void plainValuesAreShownTyped() {
    Map<String, Object> shown = load(Map.of("KONG_PG_USER", "kong", "KONG_REAL_IP_RECURSIVE", "on")).redacted();
    assertThat(shown)
        .containsEntry("pg_user", "kong")
        .containsEntry("pg_port", 5432)
        .containsEntry("real_ip_recursive", true)
        .containsEntry("database", "sqlite")
        .containsEntry("log_level", "notice")
        .containsEntry("plugins", List.of("bundled"))
        .containsEntry("nginx_admin_client_max_body_size", "10m")
        .containsEntry("prefix", "/home/u/.local/share/gatehouse")
        .doesNotContainKey("pg_password")
        .doesNotContainKey("declarative_config");
  }

  @Test
  void listenersAreShownAsTextAndParsed() {
    Map<String, Object> shown = load(Map.of("KONG_ADMIN_LISTEN", "127.0.0.1:8001 reuseport backlog=16384, [::1]:8444 ssl")).redacted();
    assertThat(shown).containsEntry("admin_listen", List.of("127.0.0.1:8001 reuseport backlog=16384", "[::1]:8444 ssl"));
    @SuppressWarnings("unchecked")
    List<Map<String, Object>> parsed = (List<Map<String, Object>>) shown.get("admin_listeners");
    assertThat(parsed).hasSize(2);
    assertThat(parsed.get(0)).containsEntry("ip", "127.0.0.1").containsEntry("port", 8001)
        .containsEntry("reuseport", true).containsEntry("backlog", 16384).containsEntry("ssl", false);
    assertThat(parsed.get(1)).containsEntry("ip", "::1").containsEntry("ssl", true);
    assertThat(shown).containsEntry("status_listeners", List.of(Map.of(
        "ip", "127.0.0.1", "port", 8007, "ssl", false, "http2", false, "proxy_protocol", false,
        "deferred", false, "bind", false, "reuseport", true, "backlog", 16384,
        "listener", "127.0.0.1:8007 reuseport backlog=16384")));
  }

  @Test
  void redactedValuesAreJsonTypes() {
    for (Object value : load(Map.of()).redacted().values()) {
      assertThat(value).isInstanceOfAny(String.class, Number.class, Boolean.class, List.class, Map.class);
    }
  }
}
