package io.gatehouse.app;

import static org.assertj.core.api.Assertions.assertThat;

import io.gatehouse.app.settings.SettingsLoader;
import io.gatehouse.proxy.ProxyOptions;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * nginx's {@code ssl_stapling}, injected as Kong injects it ({@code nginx_proxy_*} winning over
 * {@code nginx_http_*}), turns stapling on for the proxy's TLS policy; off unless set.
 */
class OcspStaplingSettingsTest {
  @TempDir Path prefix;

  private ProxyOptions options(Map<String, String> env) {
    var settings = new SettingsLoader(env, List.of(), prefix).load(null,
        Map.of("prefix", prefix.toString(), "proxy_listen", "127.0.0.1:0 http2 ssl"));
    assertThat(settings.warnings()).isEmpty();
    return GatehouseWiring.proxyOptions(settings);
  }

  @Test
  void offUnlessInjected() {
    assertThat(options(Map.of()).tlsPolicy().ocspStapling()).isFalse();
  }

  @Test
  void theProxyOrHttpDirectiveTurnsItOn() {
    assertThat(options(Map.of("KONG_NGINX_PROXY_SSL_STAPLING", "on")).tlsPolicy().ocspStapling()).isTrue();
    assertThat(options(Map.of("KONG_NGINX_HTTP_SSL_STAPLING", "on")).tlsPolicy().ocspStapling()).isTrue();
    assertThat(options(Map.of("KONG_NGINX_HTTP_SSL_STAPLING", "on", "KONG_NGINX_PROXY_SSL_STAPLING", "off"))
        .tlsPolicy().ocspStapling()).isFalse();
  }
}
