package io.gatehouse.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.gatehouse.core.json.Json;
import io.gatehouse.proxy.testing.Entities;
import io.gatehouse.proxy.testing.RawClient;
import io.gatehouse.proxy.testing.TestPki;
import io.gatehouse.proxy.testing.TestProxy;
import io.gatehouse.proxy.testing.TlsOrigin;
import io.gatehouse.proxy.tls.PemKeyPair;
import io.gatehouse.proxy.tls.SelfSignedCertificates;
import io.gatehouse.proxy.tls.UpstreamTlsContexts;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * TLS to origins as Kong does it (reference §1.1, §5.1): unverified by default, {@code tls_verify}
 * against {@code ca_certificates} (or the JDK trust store) with the host name and
 * {@code tls_verify_depth}, {@code client_certificate} for mTLS, SNI from the upstream host, and
 * pooled connections kept apart by TLS settings. Real proxy, real TLS origins on loopback.
 */
class UpstreamTlsIT {
  private static final TestPki.Authority CA = TestPki.root("Gatehouse Test Origin CA");
  private static final TestPki.Authority OTHER_CA = TestPki.root("Gatehouse Test Unrelated CA");
  private static final TestPki.Authority CLIENT_CA = TestPki.root("Gatehouse Test Client CA");

  private TestProxy proxy;
  private final List<TlsOrigin> origins = new ArrayList<>();

  @BeforeEach
  void start() {
    proxy = TestProxy.start(o -> o.headers(Set.of("x-kong-request-id", "x-gatehouse-upstream-error")));
  }

  @AfterEach
  void stop() {
    proxy.close();
    origins.forEach(TlsOrigin::close);
  }

  private TlsOrigin origin(PemKeyPair certificate) {
    return origin(certificate, null);
  }

  private TlsOrigin origin(PemKeyPair certificate, String clientCa) {
    TlsOrigin o = TlsOrigin.start(certificate, clientCa);
    origins.add(o);
    return o;
  }

  private static PemKeyPair selfSigned(String cn) {
    return SelfSignedCertificates.generate(cn, SelfSignedCertificates.KeyType.EC, Duration.ofDays(1));
  }

  /** A {@code ca_certificates} row as the Admin API stores it. */
  private static ObjectNode caRow(String id, String pem) {
    ObjectNode row = Json.object();
    row.put("id", id);
    row.put("cert", pem);
    return row;
  }

  /** A {@code certificates} row (no SNIs): what {@code client_certificate} points to. */
  private static ObjectNode certificateRow(String id, PemKeyPair pair) {
    ObjectNode row = Json.object();
    row.put("id", id);
    row.put("cert", pair.certificateChain());
    row.put("key", pair.privateKey());
    row.set("tags", Json.array());
    return row;
  }

  /** One https service on {@code host:port} with route {@code /s}, customized. */
  private void service(String host, int port, Consumer<ObjectNode> customize, Consumer<Entities> more) {
    proxy.configure(e -> {
      more.accept(e);
      e.service("https://" + host + ":" + port + "/", customize).route("/s");
    });
  }

  private static String upstreamError(HttpResponse<String> r) {
    return r.headers().firstValue("X-Gatehouse-Upstream-Error").orElse("");
  }

  @Test
  void withoutTlsVerifyASelfSignedOriginIsAccepted() {
    TlsOrigin origin = origin(selfSigned("origin.invalid")); // neither trusted nor matching the host
    service("127.0.0.1", origin.port(), s -> {}, e -> {});
    HttpResponse<String> r = proxy.get("/s");
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(origin.requests()).isEqualTo(1);
  }

  @Test
  void tlsVerifyWithTheIssuingCaSucceeds() {
    TlsOrigin origin = origin(CA.server("localhost"));
    String caId = UUID.randomUUID().toString();
    service("localhost", origin.port(), s -> {
      s.put("tls_verify", true);
      s.set("ca_certificates", Entities.strings(caId));
    }, e -> e.rows("ca_certificates", caRow(caId, CA.certificatePem())));
    HttpResponse<String> r = proxy.get("/s");
    assertThat(r.statusCode()).as(upstreamError(r)).isEqualTo(200);
  }

  @Test
  void tlsVerifyWithAnUnrelatedCaFailsWith502AndRetriesLikeAConnectError() {
    TlsOrigin origin = origin(CA.server("localhost"));
    String caId = UUID.randomUUID().toString();
    service("localhost", origin.port(), s -> {
      s.put("tls_verify", true);
      s.put("retries", 2);
      s.set("ca_certificates", Entities.strings(caId));
    }, e -> e.rows("ca_certificates", caRow(caId, OTHER_CA.certificatePem())));
    HttpResponse<String> r = proxy.get("/s");
    assertThat(r.statusCode()).isEqualTo(502);
    assertThat(upstreamError(r)).contains("TLS handshake failed");
    assertThat(origin.requests()).as("nothing is sent over an unverified connection").isZero();
    assertThat(origin.sniNames()).as("one handshake per try: the first and two retries").hasSize(3);
  }

  @Test
  void tlsVerifyWithoutCaCertificatesUsesTheSystemStoreWhichRejectsASelfSignedOrigin() {
    TlsOrigin origin = origin(selfSigned("localhost"));
    service("localhost", origin.port(), s -> s.put("tls_verify", true), e -> {});
    HttpResponse<String> r = proxy.get("/s");
    assertThat(r.statusCode()).isEqualTo(502);
    assertThat(origin.requests()).isZero();
  }

  @Test
  void tlsVerifyChecksTheHostName() {
    TlsOrigin origin = origin(CA.server("api.other.test"));
    String caId = UUID.randomUUID().toString();
    service("localhost", origin.port(), s -> {
      s.put("tls_verify", true);
      s.set("ca_certificates", Entities.strings(caId));
    }, e -> e.rows("ca_certificates", caRow(caId, CA.certificatePem())));
    HttpResponse<String> r = proxy.get("/s");
    assertThat(r.statusCode()).isEqualTo(502);
    assertThat(upstreamError(r)).contains("TLS handshake failed");
    assertThat(origin.requests()).isZero();
  }

  @Test
  void tlsVerifyDepthLimitsTheIntermediates() {
    TestPki.Authority intermediate = CA.intermediate("Gatehouse Test Intermediate");
    TlsOrigin origin = origin(intermediate.server("localhost")); // serves leaf + intermediate
    String caId = UUID.randomUUID().toString();
    for (int depth : new int[] {0, 1}) {
      service("localhost", origin.port(), s -> {
        s.put("tls_verify", true);
        s.put("tls_verify_depth", depth);
        s.put("retries", 0);
        s.set("ca_certificates", Entities.strings(caId));
      }, e -> e.rows("ca_certificates", caRow(caId, CA.certificatePem())));
      HttpResponse<String> r = proxy.get("/s");
      assertThat(r.statusCode()).as("depth %d: %s", depth, upstreamError(r)).isEqualTo(depth == 0 ? 502 : 200);
    }
  }

  @Test
  void theNodeDefaultAppliesWhenTlsVerifyIsNull() {
    proxy.close();
    proxy = TestProxy.start(o -> o.upstreamTls(new UpstreamTlsContexts.Defaults(true, 1)));
    TlsOrigin origin = origin(selfSigned("localhost"));
    service("localhost", origin.port(), s -> s.put("retries", 0), e -> {});
    assertThat(proxy.get("/s").statusCode()).as("nginx_proxy_proxy_ssl_verify = on").isEqualTo(502);
    service("localhost", origin.port(), s -> s.put("tls_verify", false), e -> {});
    assertThat(proxy.get("/s").statusCode()).as("the service's tls_verify = false wins").isEqualTo(200);
  }

  @Test
  void clientCertificateIsPresentedToAnOriginThatRequiresOne() {
    TlsOrigin origin = origin(CA.server("localhost"), CLIENT_CA.certificatePem());
    String certId = UUID.randomUUID().toString();
    service("localhost", origin.port(), s -> s.set("client_certificate", Json.object().put("id", certId)),
        e -> e.rows("certificates", certificateRow(certId, CLIENT_CA.client("gatehouse-client-a"))));
    HttpResponse<String> r = proxy.get("/s");
    assertThat(r.statusCode()).as(upstreamError(r)).isEqualTo(200);
    assertThat(origin.clientSubjects()).containsExactly("CN=gatehouse-client-a,O=Gatehouse Test");
    assertThat(r.body()).isEqualTo("CN=gatehouse-client-a,O=Gatehouse Test");
  }

  @Test
  void withoutClientCertificateAnOriginRequiringOneFailsTheHandshake() {
    TlsOrigin origin = origin(CA.server("localhost"), CLIENT_CA.certificatePem());
    service("localhost", origin.port(), s -> s.put("retries", 1), e -> {});
    HttpResponse<String> r = proxy.get("/s");
    assertThat(r.statusCode()).isEqualTo(502);
    assertThat(origin.requests()).isZero();
  }

  @Test
  void theUpstreamsClientCertificateIsUsedWhenTheServiceHasNone() {
    TlsOrigin origin = origin(CA.server("localhost"), CLIENT_CA.certificatePem());
    String certId = UUID.randomUUID().toString();
    proxy.configure(e -> {
      e.rows("certificates", certificateRow(certId, CLIENT_CA.client("gatehouse-client-upstream")));
      e.upstream("mtls-origin", u -> u.set("client_certificate", Json.object().put("id", certId)));
      e.target("mtls-origin", "localhost:" + origin.port(), 100);
      e.service("https://mtls-origin:443/").route("/s");
    });
    HttpResponse<String> r = proxy.get("/s");
    assertThat(r.statusCode()).as(upstreamError(r)).isEqualTo(200);
    assertThat(r.body()).isEqualTo("CN=gatehouse-client-upstream,O=Gatehouse Test");
  }

  @Test
  void sniIsTheServiceHostAndNoneForAnIpLiteral() {
    TlsOrigin origin = origin(CA.server("localhost"));
    service("localhost", origin.port(), s -> {}, e -> {});
    assertThat(proxy.get("/s").statusCode()).isEqualTo(200);
    assertThat(origin.sniNames()).containsExactly("localhost");
    service("127.0.0.1", origin.port(), s -> {}, e -> {});
    assertThat(proxy.get("/s").statusCode()).isEqualTo(200);
    assertThat(origin.sniNames()).containsExactly("localhost", "");
  }

  @Test
  void sniFollowsThePreservedHost() throws Exception {
    TlsOrigin origin = origin(CA.server("localhost"));
    proxy.configure(e -> e.service("https://localhost:" + origin.port() + "/").route(r -> {
      r.set("paths", Entities.strings("/s"));
      r.put("preserve_host", true);
    }));
    try (RawClient c = proxy.raw()) {
      RawClient.Response r = c.send("GET /s HTTP/1.1\r\nHost: Client-Facing.example.test:8000\r\n\r\n").readResponse();
      assertThat(r.status()).isEqualTo(200);
    }
    assertThat(origin.sniNames()).containsExactly("client-facing.example.test");
  }

  @Test
  void pooledConnectionsAreNotSharedBetweenDifferentClientCertificates() {
    TlsOrigin origin = origin(CA.server("localhost"), CLIENT_CA.certificatePem());
    String certA = UUID.randomUUID().toString();
    String certB = UUID.randomUUID().toString();
    String url = "https://localhost:" + origin.port() + "/";
    proxy.configure(e -> e
        .rows("certificates", certificateRow(certA, CLIENT_CA.client("client-a")),
            certificateRow(certB, CLIENT_CA.client("client-b")))
        .service(url, s -> s.set("client_certificate", Json.object().put("id", certA))).route("/a")
        .service(url, s -> s.set("client_certificate", Json.object().put("id", certB))).route("/b"));
    for (int i = 0; i < 3; i++) {
      assertThat(proxy.get("/a").body()).isEqualTo("CN=client-a,O=Gatehouse Test");
      assertThat(proxy.get("/b").body()).isEqualTo("CN=client-b,O=Gatehouse Test");
    }
    // keep-alive did work (else this test proves nothing): at most one connection per service and event loop
    assertThat(origin.handshakes()).isLessThanOrEqualTo(4);
  }

  @Test
  void aNewCaTakesEffectForNewConnections() {
    TlsOrigin origin = origin(CA.server("localhost"));
    String serviceId = UUID.randomUUID().toString();
    String caId = UUID.randomUUID().toString();
    Consumer<String> configureCa = pem -> service("localhost", origin.port(), s -> {
      s.put("id", serviceId);
      s.put("tls_verify", true);
      s.put("retries", 0);
      s.set("ca_certificates", Entities.strings(caId));
    }, e -> e.rows("ca_certificates", caRow(caId, pem)));

    configureCa.accept(CA.certificatePem());
    assertThat(proxy.get("/s").statusCode()).isEqualTo(200);
    configureCa.accept(OTHER_CA.certificatePem());
    assertThat(proxy.get("/s").statusCode()).as("the pooled, verified connection is not reused").isEqualTo(502);
    configureCa.accept(CA.certificatePem());
    assertThat(proxy.get("/s").statusCode()).isEqualTo(200);
  }

  @Test
  void unusableTlsSettingsFailOnlyTheirServiceWith502() {
    TlsOrigin origin = origin(CA.server("localhost"));
    String url = "https://localhost:" + origin.port() + "/";
    String missing = UUID.randomUUID().toString();
    String broken = UUID.randomUUID().toString();
    proxy.configure(e -> e
        .rows("certificates", certificateRow(broken, new PemKeyPair(CA.certificatePem(), "not a key")))
        .service(url, s -> s.set("client_certificate", Json.object().put("id", missing))).route("/missing")
        .service(url, s -> s.set("client_certificate", Json.object().put("id", broken))).route("/broken")
        .service(url).route("/fine"));
    HttpResponse<String> r = proxy.get("/missing");
    assertThat(r.statusCode()).isEqualTo(502);
    assertThat(upstreamError(r)).contains("does not exist");
    assertThat(proxy.get("/broken").statusCode()).isEqualTo(502);
    assertThat(proxy.get("/fine").statusCode()).isEqualTo(200);
    assertThat(origin.requests()).isEqualTo(1);
  }
}
