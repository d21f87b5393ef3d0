package io.gatehouse.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.gatehouse.app.settings.SettingsLoader;
import io.gatehouse.proxy.Http2Limits;
import io.gatehouse.proxy.ProxyOptions;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * nginx's http2 directives and client head buffers, injected as Kong injects them ({@code nginx_http_*},
 * {@code nginx_proxy_*} winning), reach the proxy's HTTP/2 limits and head limits.
 */
class Http2SettingsTest {
  @TempDir Path prefix;

  private ProxyOptions options(Map<String, String> env) {
    var settings = new SettingsLoader(env, List.of(), prefix).load(null,
        Map.of("prefix", prefix.toString(), "proxy_listen", "127.0.0.1:0 http2"));
    assertThat(settings.warnings()).isEmpty();
    return GatehouseWiring.proxyOptions(settings);
  }

  @Test
  void nginxDefaultsWithKongsKeepaliveRequests() {
    ProxyOptions o = options(Map.of());
    assertThat(o.http2Limits()).isEqualTo(Http2Limits.KONG);
    assertThat(o.http2Limits()).isEqualTo(new Http2Limits(128, 64 * 1024, 10000));
    assertThat(o.maxHeaderSize()).as("4 8k").isEqualTo(32 * 1024);
    assertThat(o.maxRequestLine()).isEqualTo(8 * 1024);
  }

  @Test
  void theHttpBlocksDirectivesApply() {
    ProxyOptions o = options(Map.of("KONG_NGINX_HTTP_HTTP2_MAX_CONCURRENT_STREAMS", "64",
        "KONG_NGINX_HTTP_HTTP2_BODY_PREREAD_SIZE", "128k", "KONG_NGINX_HTTP_KEEPALIVE_REQUESTS", "500",
        "KONG_NGINX_HTTP_LARGE_CLIENT_HEADER_BUFFERS", "8 16k"));
    assertThat(o.http2Limits()).isEqualTo(new Http2Limits(64, 128 * 1024, 500));
    assertThat(o.maxHeaderSize()).isEqualTo(8 * 16 * 1024);
    assertThat(o.maxRequestLine()).isEqualTo(16 * 1024);
  }

  @Test
  void theProxyBlocksDirectivesWin() {
    ProxyOptions o = options(Map.of("KONG_NGINX_HTTP_HTTP2_MAX_CONCURRENT_STREAMS", "64",
        "KONG_NGINX_PROXY_HTTP2_MAX_CONCURRENT_STREAMS", "16", "KONG_NGINX_PROXY_HTTP2_BODY_PREREAD_SIZE", "0",
        "KONG_NGINX_PROXY_KEEPALIVE_REQUESTS", "7", "KONG_NGINX_PROXY_LARGE_CLIENT_HEADER_BUFFERS", "2 1k"));
    assertThat(o.http2Limits()).isEqualTo(new Http2Limits(16, 0, 7));
    assertThat(o.maxHeaderSize()).isEqualTo(2 * 1024);
  }

  @Test
  void aMalformedBufferDirectiveStopsTheStart() {
    assertThatThrownBy(() -> options(Map.of("KONG_NGINX_HTTP_LARGE_CLIENT_HEADER_BUFFERS", "8k")))
        .hasMessageContaining("nginx_http_large_client_header_buffers");
  }
}
