package io.gatehouse.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.gatehouse.core.json.Json;
import io.gatehouse.proxy.testing.Entities;
import io.gatehouse.proxy.testing.RawClient;
import io.gatehouse.proxy.testing.TestProxy;
import io.gatehouse.proxy.testing.TlsClient;
import io.gatehouse.proxy.tls.PemKeyPair;
import io.gatehouse.proxy.tls.SelfSignedCertificates;
import io.gatehouse.proxy.tls.SelfSignedCertificates.KeyType;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.List;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * TLS listeners (Kong's {@code ssl} flag on {@code proxy_listen}): certificate selection by SNI
 * with Kong's order (exact, {@code *.} prefix wildcard, {@code .*} suffix wildcard, the {@code *}
 * SNI, the default certificate), the https scheme upstream and in routing, and bad clients.
 */
class TlsListenerIT {
  private static final Duration DAY = Duration.ofDays(1);
  static final PemKeyPair DEFAULT = SelfSignedCertificates.generate("localhost", KeyType.EC, DAY);
  static final PemKeyPair A = SelfSignedCertificates.generate("a.test", KeyType.EC, DAY);
  static final PemKeyPair WILD = SelfSignedCertificates.generate("wild.test", KeyType.EC, DAY);
  static final PemKeyPair SUFFIX = SelfSignedCertificates.generate("suffix.test", KeyType.EC, DAY);
  static final PemKeyPair CATCH_ALL = SelfSignedCertificates.generate("catch-all.test", KeyType.EC, DAY);
  static final long HEADER_TIMEOUT_MS = 1500;

  static TestProxy proxy;
  static HttpClient https;

  @BeforeAll
  static void start() {
    proxy = TestProxy.start(b -> b.tlsListen("127.0.0.1", 0).defaultCertificates(List.of(DEFAULT))
        .clientHeaderTimeout(Duration.ofMillis(HEADER_TIMEOUT_MS)));
    https = TlsClient.httpClient(HttpClient.Version.HTTP_1_1);
  }

  @AfterAll
  static void stop() {
    https.close();
    proxy.close();
  }

  private static String presentedTo(String serverName) throws IOException {
    return TlsClient.presentedName(proxy.tlsAddress(), serverName);
  }

  private static String presentedWithoutSni() throws IOException {
    return TlsClient.presentedName(proxy.tlsAddress(), null);
  }

  /** A GET over TLS with this SNI, written and read byte by byte. */
  private static RawClient.Response getOverTls(String serverName, String path) throws IOException {
    try (RawClient c = new RawClient(TlsClient.connect(proxy.tlsAddress(), serverName), 10_000)) {
      c.send("GET " + path + " HTTP/1.1\r\nHost: " + serverName + "\r\n\r\n");
      return c.readResponse();
    }
  }

  private static HttpResponse<String> httpsGet(HttpClient client, String path) throws Exception {
    URI uri = URI.create("https://127.0.0.1:" + proxy.tlsAddress().getPort() + path);
    return client.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(20)).GET().build(),
        HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void exactAndWildcardSnisSelectTheirCertificates() throws IOException {
    proxy.configure(e -> e.certificate(A, "a.test").certificate(WILD, "*.wild.test"));
    assertThat(presentedTo("a.test")).isEqualTo("a.test");
    assertThat(presentedTo("x.wild.test")).as("*. covers one more leftmost label").isEqualTo("wild.test");
    assertThat(presentedTo("deep.x.wild.test")).as("but only one").isEqualTo("localhost");
    assertThat(presentedTo("wild.test")).as("*.wild.test does not cover wild.test").isEqualTo("localhost");
  }

  @Test
  void withoutSniOrWithAnUnknownOneTheDefaultCertificateIsPresented() throws IOException {
    proxy.configure(e -> e.certificate(A, "a.test"));
    assertThat(presentedWithoutSni()).isEqualTo("localhost");
    assertThat(presentedTo("unknown.test")).isEqualTo("localhost");
  }

  @Test
  void lookupOrderIsExactThenPrefixWildcardThenSuffixWildcardThenCatchAll() throws IOException {
    proxy.configure(e -> e
        .certificate(A, "a.wild.test")
        .certificate(WILD, "*.wild.test")
        .certificate(SUFFIX, "b.wild.*", "plain.*")
        .certificate(CATCH_ALL, "*"));
    assertThat(presentedTo("a.wild.test")).as("exact beats *.").isEqualTo("a.test");
    assertThat(presentedTo("b.wild.test")).as("*. beats .*").isEqualTo("wild.test");
    assertThat(presentedTo("plain.example")).as(".* replaces the rightmost label").isEqualTo("suffix.test");
    assertThat(presentedTo("other.test")).as("then the * SNI").isEqualTo("catch-all.test");
    assertThat(presentedWithoutSni()).as("no SNI: the default, not the * SNI").isEqualTo("localhost");
  }

  @Test
  void aCertificateAddedByAConfigChangeServesTheNextHandshake() throws IOException {
    proxy.configure(e -> {});
    assertThat(presentedTo("a.test")).isEqualTo("localhost");
    proxy.configure(e -> e.certificate(A, "a.test"));
    assertThat(presentedTo("a.test")).isEqualTo("a.test");
    proxy.configure(e -> {});
    assertThat(presentedTo("a.test")).as("and a removed one stops").isEqualTo("localhost");
  }

  @Test
  void anUnusableCertificateIsSkippedWithoutRejectingTheConfiguration() throws IOException {
    PemKeyPair garbage = new PemKeyPair("-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n", A.privateKey());
    PemKeyPair wrongKey = new PemKeyPair(WILD.certificateChain(), A.privateKey());
    proxy.configure(e -> e.service(proxy.echo().url("/")).route("/ok")
        .certificate(garbage, "garbage.test")
        .certificate(wrongKey, "mismatch.test")
        .certificate(A, "a.test"));
    assertThat(presentedTo("garbage.test")).isEqualTo("localhost");
    assertThat(presentedTo("mismatch.test")).isEqualTo("localhost");
    assertThat(presentedTo("a.test")).isEqualTo("a.test");
    assertThat(getOverTls("a.test", "/ok").status()).as("the snapshot's routes are live").isEqualTo(200);
  }

  @Test
  void aCertificateWithAnAlternateServesRsaOrEcdsaClientsEach() throws IOException {
    PemKeyPair rsa = SelfSignedCertificates.generate("dual.test", KeyType.RSA, DAY);
    PemKeyPair ec = SelfSignedCertificates.generate("dual.test", KeyType.EC, DAY);
    proxy.configure(e -> e.certificate(rsa, c -> c.put("cert_alt", ec.certificateChain()).put("key_alt", ec.privateKey()),
        "dual.test"));
    String[] rsaOnly = {"rsa_pss_rsae_sha256", "rsa_pkcs1_sha256"};
    String[] ecdsaOnly = {"ecdsa_secp256r1_sha256"};
    try (SSLSocket s = TlsClient.connect(proxy.tlsAddress(), "dual.test", rsaOnly)) {
      assertThat(((X509Certificate) s.getSession().getPeerCertificates()[0]).getPublicKey().getAlgorithm()).isEqualTo("RSA");
    }
    try (SSLSocket s = TlsClient.connect(proxy.tlsAddress(), "dual.test", ecdsaOnly)) {
      assertThat(((X509Certificate) s.getSession().getPeerCertificates()[0]).getPublicKey().getAlgorithm()).isEqualTo("EC");
    }
  }

  @Test
  void theUpstreamHearsHttpsAndTheTlsPort() throws Exception {
    proxy.configure(e -> e.service(proxy.echo().url("/")).route("/echo"));
    HttpResponse<String> r = httpsGet(https, "/echo/x");
    assertThat(r.statusCode()).isEqualTo(200);
    JsonNode h = Json.parse(r.body()).get("headers");
    assertThat(h.get("x-forwarded-proto").asText()).isEqualTo("https");
    assertThat(h.get("x-forwarded-port").asText()).isEqualTo(Integer.toString(proxy.tlsAddress().getPort()));
    JsonNode plain = Json.parse(proxy.get("/echo/x").body()).get("headers");
    assertThat(plain.get("x-forwarded-proto").asText()).as("the plain listener still says http").isEqualTo("http");
  }

  @Test
  void anHttp2ClientIsAnsweredInHttp11ThroughAlpn() throws Exception {
    proxy.configure(e -> e.service(proxy.echo().url("/")).route("/echo"));
    try (HttpClient h2 = TlsClient.httpClient(HttpClient.Version.HTTP_2)) {
      HttpResponse<String> r = httpsGet(h2, "/echo");
      assertThat(r.statusCode()).isEqualTo(200);
      assertThat(r.version()).isEqualTo(HttpClient.Version.HTTP_1_1);
    }
  }

  @Test
  void keepAliveWorksOverTls() throws IOException {
    proxy.configure(e -> e.service(proxy.echo().url("/")).route("/echo"));
    try (RawClient c = new RawClient(TlsClient.connect(proxy.tlsAddress(), "a.test"), 10_000)) {
      for (int i = 0; i < 3; i++) {
        c.send("GET /echo/" + i + " HTTP/1.1\r\nHost: a.test\r\n\r\n");
        RawClient.Response r = c.readResponse();
        assertThat(r.status()).isEqualTo(200);
        assertThat(Json.parse(r.body()).get("uri").asText()).isEqualTo("/" + i);
      }
    }
  }

  @Test
  void anHttpsOnlyRouteServesTlsAndAnswers426OverPlainHttp() throws Exception {
    proxy.configure(e -> e.service(proxy.echo().url("/")).route(r -> {
      r.set("paths", Entities.strings("/secure"));
      r.set("protocols", Entities.strings("https"));
    }));
    assertThat(httpsGet(https, "/secure").statusCode()).isEqualTo(200);
    HttpResponse<String> plain = proxy.get("/secure");
    assertThat(plain.statusCode()).isEqualTo(426);
    assertThat(plain.body()).contains("Please use HTTPS protocol");
  }

  @Test
  void aRouteWithSnisMatchesOnlyThoseServerNamesOverTls() throws IOException {
    proxy.configure(e -> e.service(proxy.echo().url("/")).route(r -> {
      r.set("paths", Entities.strings("/sni"));
      r.set("snis", Entities.strings("a.test"));
    }));
    assertThat(getOverTls("a.test", "/sni").status()).isEqualTo(200);
    assertThat(getOverTls("b.test", "/sni").status()).isEqualTo(404);
    try (RawClient c = new RawClient(TlsClient.connect(proxy.tlsAddress(), null), 10_000)) {
      c.send("GET /sni HTTP/1.1\r\nHost: a.test\r\n\r\n");
      assertThat(c.readResponse().status()).as("TLS without SNI: no tls.sni to match").isEqualTo(404);
    }
    assertThat(proxy.get("/sni").statusCode()).as("Kong ignores snis on plain HTTP").isEqualTo(200);
  }

  @Test
  void plainHttpOnTheTlsPortIsDisconnectedAndTheListenerKeepsServing() throws Exception {
    proxy.configure(e -> e.service(proxy.echo().url("/")).route("/echo"));
    // read timeouts below the handshake deadline: the close must come from the bad bytes themselves
    int quick = (int) HEADER_TIMEOUT_MS - 500;
    try (RawClient c = new RawClient(proxy.tlsAddress(), quick)) {
      c.send("GET /echo HTTP/1.1\r\nHost: x\r\n\r\n");
      assertThat(c.isClosedByPeer()).isTrue();
    }
    try (RawClient c = new RawClient(proxy.tlsAddress(), quick)) {
      byte[] junk = new byte[64]; // no TLS record starts like this
      for (int i = 0; i < junk.length; i++) junk[i] = (byte) i;
      c.send(junk);
      assertThat(c.isClosedByPeer()).isTrue();
    }
    assertThat(httpsGet(https, "/echo").statusCode()).isEqualTo(200);
  }

  @Test
  void aClientThatNeverFinishesItsHandshakeIsDisconnectedAfterTheHeaderTimeout() throws IOException {
    for (byte[] sent : List.of(new byte[0], new byte[] {0x16, 0x03, 0x01, 0x00, 0x40})) {
      long start = System.nanoTime();
      try (RawClient c = new RawClient(proxy.tlsAddress(), 10_000)) {
        if (sent.length > 0) c.send(sent); // half a ClientHello record
        assertThat(c.isClosedByPeer()).isTrue();
      }
      long elapsedMs = Duration.ofNanos(System.nanoTime() - start).toMillis();
      assertThat(elapsedMs).isBetween(HEADER_TIMEOUT_MS - 200, HEADER_TIMEOUT_MS + 5000);
    }
  }

  @Test
  void aClientSilentAfterTheHandshakeGetsKongs408() throws IOException {
    try (RawClient c = new RawClient(TlsClient.connect(proxy.tlsAddress(), "a.test"), 10_000)) {
      long start = System.nanoTime();
      assertThat(c.readResponse().status()).isEqualTo(408);
      assertThat(Duration.ofNanos(System.nanoTime() - start).toMillis()).isGreaterThanOrEqualTo(HEADER_TIMEOUT_MS - 200);
    }
  }
}
