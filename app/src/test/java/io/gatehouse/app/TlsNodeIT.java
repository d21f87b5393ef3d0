package io.gatehouse.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.gatehouse.core.entity.Pem;
import io.gatehouse.core.json.Json;
import io.gatehouse.proxy.ProxyServer;
import io.gatehouse.proxy.testing.RawClient;
import io.gatehouse.proxy.testing.TlsClient;
import io.gatehouse.proxy.tls.PemKeyPair;
import io.gatehouse.proxy.tls.SelfSignedCertificates;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A whole node with an {@code ssl} proxy listener: the default certificate generated into the
 * prefix (and kept across restarts) or taken from {@code ssl_cert}, certificates and SNIs created
 * through the Admin API, and {@code X-Forwarded-Proto: https} upstream.
 */
class TlsNodeIT {
  private static final Map<String, String> PLAIN_AND_TLS = Map.of("proxy_listen", "127.0.0.1:0, 127.0.0.1:0 http2 ssl");

  @TempDir Path prefix;

  private static InetSocketAddress tls(WholeNode gw) {
    return gw.node.component(ProxyServer.class).orElseThrow().boundTlsAddresses().getFirst();
  }

  @Test
  void theGeneratedDefaultCertificateIsServedAndKeptAcrossRestarts() throws Exception {
    X509Certificate first;
    try (WholeNode gw = new WholeNode(prefix, PLAIN_AND_TLS)) {
      first = TlsClient.presented(tls(gw), null);
    }
    assertThat(TlsClient.commonName(first)).isEqualTo("localhost");
    Path ssl = prefix.resolve("ssl");
    X509Certificate rsa = Pem.certificate(Files.readString(ssl.resolve("kong-default.crt")));
    X509Certificate ecdsa = Pem.certificate(Files.readString(ssl.resolve("kong-default-ecdsa.crt")));
    assertThat(first).isIn(rsa, ecdsa);
    assertThat(ssl.resolve("kong-default.key")).exists();
    assertThat(ssl.resolve("kong-default-ecdsa.key")).exists();

    try (WholeNode gw = new WholeNode(prefix, PLAIN_AND_TLS)) {
      assertThat(TlsClient.presented(tls(gw), null)).as("the same certificate after a restart").isEqualTo(first);
      assertThat(TlsClient.presented(tls(gw), "unknown.test")).isEqualTo(first);
    }
  }

  @Test
  void sslCertReplacesTheGeneratedDefault(@TempDir Path files) throws Exception {
    PemKeyPair pair = SelfSignedCertificates.generate("configured.test", SelfSignedCertificates.KeyType.EC, Duration.ofDays(1));
    Path cert = Files.writeString(files.resolve("node.crt"), pair.certificateChain());
    Path key = Files.writeString(files.resolve("node.key"), pair.privateKey());
    try (WholeNode gw = new WholeNode(prefix, Map.of("proxy_listen", "127.0.0.1:0 ssl",
        "ssl_cert", cert.toString(), "ssl_cert_key", key.toString()))) {
      assertThat(TlsClient.presentedName(tls(gw), null)).isEqualTo("configured.test");
    }
    assertThat(prefix.resolve("ssl")).as("nothing generated").doesNotExist();
  }

  @Test
  void nginxHttpClientHeaderTimeoutCutsAStalledHandshake() throws Exception {
    try (WholeNode gw = new WholeNode(prefix, Map.of("proxy_listen", "127.0.0.1:0 ssl",
        "nginx_http_client_header_timeout", "1s"))) {
      // the read gives up after 5 s: a close before that is the 1 s setting, not the 60 s default
      try (RawClient silent = new RawClient(tls(gw), 5000)) {
        assertThat(silent.isClosedByPeer()).isTrue();
      }
    }
  }

  @Test
  void certificatesFromTheAdminApiAreServedByTheirSnisAndTheUpstreamHearsHttps() throws Exception {
    PemKeyPair pair = SelfSignedCertificates.generate("api.test", SelfSignedCertificates.KeyType.EC, Duration.ofDays(1));
    try (WholeNode gw = new WholeNode(prefix, PLAIN_AND_TLS)) {
      gw.create("/certificates", Json.object().put("cert", pair.certificateChain()).put("key", pair.privateKey())
          .set("snis", Json.array().add("api.test").add("*.api.test")).toString());
      gw.serviceAndRoute("echo", "/echo");
      await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
        assertThat(TlsClient.presentedName(tls(gw), "api.test")).isEqualTo("api.test");
        assertThat(TlsClient.presentedName(tls(gw), "www.api.test")).isEqualTo("api.test");
      });
      assertThat(TlsClient.presentedName(tls(gw), "other.test")).isEqualTo("localhost");

      URI uri = URI.create("https://127.0.0.1:" + tls(gw).getPort() + "/echo");
      try (HttpClient https = TlsClient.httpClient(HttpClient.Version.HTTP_1_1)) {
        HttpResponse<String> r = await().atMost(Duration.ofSeconds(10)).until(
            () -> https.send(HttpRequest.newBuilder(uri).build(), HttpResponse.BodyHandlers.ofString()),
            resp -> resp.statusCode() == 200);
        assertThat(Json.parse(r.body()).get("headers").get("x-forwarded-proto").asText()).isEqualTo("https");
      }
    }
  }
}
