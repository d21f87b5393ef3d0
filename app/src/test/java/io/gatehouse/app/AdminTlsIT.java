package io.gatehouse.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.gatehouse.admin.AdminApi;
import io.gatehouse.admin.StatusApi;
import io.gatehouse.app.settings.SettingsLoader;
import io.gatehouse.core.entity.Pem;
import io.gatehouse.core.json.Json;
import io.gatehouse.proxy.testing.RawClient;
import io.gatehouse.proxy.testing.TlsClient;
import io.gatehouse.proxy.tls.PemKeyPair;
import io.gatehouse.proxy.tls.SelfSignedCertificates;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * TLS on the Admin API and status listeners (Kong's {@code ssl} flag on {@code admin_listen} and
 * {@code status_listen}): the generated {@code admin-kong-default}/{@code status-kong-default} pairs
 * Kong keeps in the prefix, or {@code admin_ssl_cert}/{@code status_ssl_cert}, served to a real
 * HTTPS client with the node's TLS policy.
 */
class AdminTlsIT {
  private static final Map<String, String> TLS_ADMIN_AND_STATUS = Map.of(
      "admin_listen", "127.0.0.1:0 http2 ssl", "status_listen", "127.0.0.1:0 ssl");

  @TempDir Path prefix;
  private final HttpClient https = TlsClient.httpClient(HttpClient.Version.HTTP_1_1);

  private static InetSocketAddress admin(WholeNode gw) {
    return gw.node.component(AdminApi.class).orElseThrow().address();
  }

  private static InetSocketAddress status(WholeNode gw) {
    return gw.node.component(StatusApi.class).orElseThrow().address();
  }

  private HttpResponse<String> get(InetSocketAddress at, String path) throws Exception {
    URI uri = URI.create("https://127.0.0.1:" + at.getPort() + path);
    return https.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(20)).GET().build(),
        HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void generatedDefaultCertificatesServeHttpsOnBothListeners() throws Exception {
    try (WholeNode gw = new WholeNode(prefix, TLS_ADMIN_AND_STATUS)) {
      HttpResponse<String> root = get(admin(gw), "/");
      assertThat(root.statusCode()).isEqualTo(200);
      JsonNode info = Json.MAPPER.readTree(root.body());
      assertThat(info.path("configuration").path("admin_listen").get(0).asText()).isEqualTo("127.0.0.1:0 http2 ssl");
      HttpResponse<String> st = get(status(gw), "/status");
      assertThat(st.statusCode()).isEqualTo(200);
      assertThat(Json.MAPPER.readTree(st.body()).has("server")).isTrue();

      // the certificates are the files Kong's names point to, one pair per listener kind
      Path ssl = prefix.resolve("ssl");
      X509Certificate adminCert = TlsClient.presented(admin(gw), null);
      assertThat(adminCert).isIn(Pem.certificate(Files.readString(ssl.resolve("admin-kong-default.crt"))),
          Pem.certificate(Files.readString(ssl.resolve("admin-kong-default-ecdsa.crt"))));
      X509Certificate statusCert = TlsClient.presented(status(gw), null);
      assertThat(statusCert).isIn(Pem.certificate(Files.readString(ssl.resolve("status-kong-default.crt"))),
          Pem.certificate(Files.readString(ssl.resolve("status-kong-default-ecdsa.crt"))));
      assertThat(statusCert).isNotEqualTo(adminCert);
      assertThat(ssl.resolve("kong-default.crt")).as("no proxy ssl listener, no proxy pair").doesNotExist();

      // plain HTTP on a TLS listener gets no HTTP answer
      try (RawClient plain = new RawClient(admin(gw), 5000)) {
        plain.send("GET / HTTP/1.1\r\nHost: localhost\r\n\r\n");
        assertThat(plain.isClosedByPeer()).isTrue();
      }
    }
  }

  @Test
  void theNodesTlsPolicyAppliesToTheAdminAndStatusListeners() throws Exception {
    try (WholeNode gw = new WholeNode(prefix, TLS_ADMIN_AND_STATUS)) {
      for (InetSocketAddress at : List.of(admin(gw), status(gw))) {
        // intermediate: a CBC/SHA-1 suite and TLS 1.1 are refused, an AEAD suite is served
        assertThatThrownBy(() -> handshake(at, "TLSv1.2", "TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA"))
            .isInstanceOf(SSLException.class);
        assertThatThrownBy(() -> handshake(at, "TLSv1.1", "TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA"))
            .isInstanceOf(SSLException.class);
        assertThat(handshake(at, "TLSv1.2", "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256"))
            .isEqualTo("TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256");
      }
    }
    try (WholeNode gw = new WholeNode(prefix, Map.of("admin_listen", "127.0.0.1:0 ssl", "status_listen", "off",
        "ssl_cipher_suite", "modern"))) {
      assertThatThrownBy(() -> handshake(admin(gw), "TLSv1.2", "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256"))
          .isInstanceOf(SSLException.class);
      assertThat(get(admin(gw), "/status").statusCode()).isEqualTo(200);
    }
  }

  @Test
  void adminSslCertAndStatusSslCertReplaceTheGeneratedOnes(@TempDir Path files) throws Exception {
    PemKeyPair adminPair = SelfSignedCertificates.generate("admin.test", SelfSignedCertificates.KeyType.EC, Duration.ofDays(1));
    PemKeyPair statusPair = SelfSignedCertificates.generate("status.test", SelfSignedCertificates.KeyType.RSA, Duration.ofDays(1));
    Path adminCert = Files.writeString(files.resolve("admin.crt"), adminPair.certificateChain());
    Path adminKey = Files.writeString(files.resolve("admin.key"), adminPair.privateKey());
    Map<String, String> conf = new java.util.HashMap<>(TLS_ADMIN_AND_STATUS);
    conf.putAll(Map.of("admin_ssl_cert", adminCert.toString(), "admin_ssl_cert_key", adminKey.toString(),
        // Kong also takes the PEM itself
        "status_ssl_cert", statusPair.certificateChain(), "status_ssl_cert_key", statusPair.privateKey()));
    try (WholeNode gw = new WholeNode(prefix, conf)) {
      assertThat(TlsClient.presentedName(admin(gw), null)).isEqualTo("admin.test");
      assertThat(TlsClient.presentedName(status(gw), null)).isEqualTo("status.test");
      assertThat(get(admin(gw), "/services").statusCode()).isEqualTo(200);
    }
    assertThat(prefix.resolve("ssl")).as("nothing generated").doesNotExist();
  }

  @Test
  void aCertificateWithoutItsKeyStopsTheNodeWithKongsMessage() {
    Map<String, String> conf = Map.of("prefix", prefix.toString(), "proxy_listen", "127.0.0.1:0",
        "admin_listen", "127.0.0.1:0 ssl", "status_listen", "off", "admin_ssl_cert", "/nowhere/admin.crt");
    assertThatThrownBy(() -> Node.start(new SettingsLoader(Map.of(), List.of(), prefix).load(null, conf)))
        .hasStackTraceContaining("admin_ssl_cert_key must be specified");
  }

  private static String handshake(InetSocketAddress at, String protocol, String suite) throws IOException {
    try (SSLSocket s = TlsClient.connect(at, null, null, new String[] {protocol}, new String[] {suite})) {
      return s.getSession().getCipherSuite();
    }
  }
}
