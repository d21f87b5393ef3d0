package io.gatehouse.app;

import static org.assertj.core.api.Assertions.assertThat;

import io.gatehouse.app.settings.SettingsLoader;
import io.gatehouse.proxy.tls.UpstreamTlsContexts;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Kong's injected {@code nginx_proxy_proxy_ssl_verify[_depth]} reach the proxy as its upstream TLS defaults. */
class UpstreamTlsSettingsTest {
  @TempDir Path prefix;

  private UpstreamTlsContexts.Defaults defaults(Map<String, String> env) {
    var settings = new SettingsLoader(env, List.of(), prefix).load(null,
        Map.of("prefix", prefix.toString(), "proxy_listen", "127.0.0.1:0"));
    assertThat(settings.warnings()).isEmpty();
    return GatehouseWiring.proxyOptions(settings).upstreamTls();
  }

  @Test
  void offAndDepthOneUnlessInjected() {
    assertThat(defaults(Map.of())).isEqualTo(UpstreamTlsContexts.Defaults.KONG);
  }

  @Test
  void injectedDirectivesTurnVerificationOn() {
    assertThat(defaults(Map.of("KONG_NGINX_PROXY_PROXY_SSL_VERIFY", "on", "KONG_NGINX_PROXY_PROXY_SSL_VERIFY_DEPTH", "3")))
        .isEqualTo(new UpstreamTlsContexts.Defaults(true, 3));
  }
}
