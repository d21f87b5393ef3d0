package io.gatehouse.proxy.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.gatehouse.proxy.http.HeaderSettings;
import io.netty.handler.codec.http.DefaultHttpHeaders;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpVersion;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The gateway's response headers per Kong's {@code headers} setting (reference §5.2), decided in one place. */
class GatewayResponseHeadersTest {
  private static GatewayResponseHeaders gateway(String... headers) {
    return new GatewayResponseHeaders(HeaderSettings.of(Set.of(headers), Set.of()), "gatehouse/1", "gatehouse/1");
  }

  private static Map<String, String> sorted(HttpHeaders h) {
    Map<String, String> out = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
    h.forEach(e -> out.merge(e.getKey(), e.getValue(), (a, b) -> a + " | " + b));
    return out;
  }

  @Test
  void plugins_answering_for_an_origin_get_kongs_via_entry_while_via_is_on() {
    // Kong's aws-lambda/azure-functions: (ngx.var.http2 and "2 " or "1.1 ") .. server_tokens
    assertThat(gateway("server_tokens").pluginVia(false)).isEqualTo("1.1 gatehouse/1");
    assertThat(gateway("via").pluginVia(true)).isEqualTo("2 gatehouse/1");
    assertThat(gateway("latency_tokens").pluginVia(false)).isNull();
    assertThat(gateway("server_tokens", "off").pluginVia(false)).isNull();
  }

  static Stream<Arguments> proxied() {
    return Stream.of(
        Arguments.of(new String[] {"server_tokens", "latency_tokens", "x-kong-request-id"}, Map.of(
            "Via", "1.0 o, 1.1 gatehouse/1", "Server", "gatehouse/1", "X-Kong-Upstream-Latency", "7",
            "X-Kong-Proxy-Latency", "2", "X-Kong-Request-Id", "rid", "Set-Cookie", "s=1")),
        Arguments.of(new String[] {"off"}, Map.of("Set-Cookie", "s=1")),
        Arguments.of(new String[] {"x-kong-upstream-status", "via"}, Map.of(
            "Via", "1.0 o, 1.1 gatehouse/1", "X-Kong-Upstream-Status", "201", "Set-Cookie", "s=1")));
  }

  /** The Netty path and the byte head ({@link ForwardedHead}) get the same lines. */
  @ParameterizedTest
  @MethodSource
  void proxied(String[] settings, Map<String, String> expected) {
    GatewayResponseHeaders g = gateway(settings);
    HttpHeaders netty = new DefaultHttpHeaders();
    g.proxied(new GatewayResponseHeaders.NettySink(netty), HttpVersion.HTTP_1_1, "1.0 o", false, 7, 2, 201, "rid", "s=1");
    assertThat(sorted(netty)).isEqualTo(new TreeMap<>(expected));

    UpstreamHead u = UpstreamResponseDecoder.parse(
        "HTTP/1.1 201 Created\r\nVia: 1.0 o\r\nContent-Length: 0\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
    ForwardedHead head = new ForwardedHead(g, u, 7, 2, "rid", "s=1", false, false);
    HttpHeaders bytes = head.toHttpHeaders();
    bytes.remove("Content-Length");
    Map<String, String> fromBytes = sorted(bytes);
    if (!expected.containsKey("Via")) fromBytes.remove("Via"); // with Via off the origin's passes as it is
    assertThat(fromBytes).isEqualTo(new TreeMap<>(expected));
  }

  @ParameterizedTest
  @MethodSource("localRows")
  void local(String[] settings, String upstreamError, Map<String, String> expected) {
    HttpHeaders h = new DefaultHttpHeaders();
    gateway(settings).local(h, 3, "rid", upstreamError.isEmpty() ? null : upstreamError);
    assertThat(sorted(h)).isEqualTo(new TreeMap<>(expected));
  }

  static Stream<Arguments> localRows() {
    return Stream.of(
        Arguments.of(new String[] {"server_tokens", "latency_tokens", "x-kong-request-id"}, "refused",
            Map.of("X-Kong-Response-Latency", "3", "Server", "gatehouse/1", "X-Kong-Request-Id", "rid")),
        Arguments.of(new String[] {"x-gatehouse-upstream-error"}, "refused",
            Map.of("X-Gatehouse-Upstream-Error", "refused")),
        Arguments.of(new String[] {"x-gatehouse-upstream-error"}, "", Map.of()),
        Arguments.of(new String[] {"off"}, "refused", Map.of()));
  }

  @ParameterizedTest
  @MethodSource("rejectedRows")
  void rejectedAndSwitched(String[] settings, Map<String, String> rejected, Map<String, String> switched) {
    GatewayResponseHeaders g = gateway(settings);
    HttpHeaders r = new DefaultHttpHeaders();
    g.rejected(r, "rid");
    assertThat(sorted(r)).isEqualTo(new TreeMap<>(rejected));
    HttpHeaders s = new DefaultHttpHeaders().add("Via", "1.1 o");
    g.switched(s, HttpVersion.HTTP_1_1, "rid");
    assertThat(sorted(s)).isEqualTo(new TreeMap<>(switched));
  }

  static Stream<Arguments> rejectedRows() {
    return Stream.of(
        Arguments.of(new String[] {"server_tokens", "x-kong-request-id"},
            Map.of("Server", "gatehouse/1", "X-Kong-Request-Id", "rid"),
            Map.of("Via", "1.1 o | 1.1 gatehouse/1", "X-Kong-Request-Id", "rid")),
        Arguments.of(new String[] {"off"}, Map.of(), Map.of("Via", "1.1 o")));
  }
}
