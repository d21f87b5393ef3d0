package io.gatehouse.plugins.mtlsauth;

import static io.gatehouse.plugins.testing.PluginGateway.id;
import static io.gatehouse.plugins.testing.PluginGateway.ref;
import static io.gatehouse.plugins.testing.PluginGateway.upstreamHeaders;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpServer;
import io.gatehouse.core.entity.Pem;
import io.gatehouse.core.json.Json;
import io.gatehouse.plugins.testing.PluginGateway;
import io.gatehouse.proxy.testing.TestPki;
import io.gatehouse.proxy.tls.PemKeyPair;
import io.gatehouse.proxy.tls.SelfSignedCertificates;
import io.netty.handler.ssl.util.InsecureTrustManagerFactory;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import org.bouncycastle.asn1.ASN1OctetString;
import org.bouncycastle.asn1.DEROctetString;
import org.bouncycastle.asn1.ocsp.OCSPObjectIdentifiers;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.cert.ocsp.OCSPReq;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * mtls-auth over a real TLS listener: clients present certificates issued in the test (BouncyCastle)
 * with the JDK's HttpClient; revocation by a CRL served over HTTP by the JDK's HttpServer.
 */
class MtlsAuthIT {
  static final PemKeyPair SERVER = SelfSignedCertificates.generate("localhost", SelfSignedCertificates.KeyType.EC,
      Duration.ofDays(1));
  static final Instant NOW = Instant.now();

  static TestPki.Authority root = TestPki.root("Test Root");
  static TestPki.Authority intermediate = root.intermediate("Test Intermediate");
  static TestPki.Authority stranger = TestPki.root("Stranger Root");
  static HttpServer crlServer;
  static final AtomicInteger crlFetches = new AtomicInteger();
  static final AtomicInteger ocspQueries = new AtomicInteger();
  static volatile List<java.math.BigInteger> ocspRevoked = List.of();
  static byte[] crl;
  static int deadPort;
  static PluginGateway gw;
  static ObjectNode alice, customer, carol, guest, fallback;
  static ObjectNode carolCredential;

  @BeforeAll
  static void start() throws IOException {
    crlServer = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    crlServer.createContext("/root.crl", ex -> {
      crlFetches.incrementAndGet();
      ex.sendResponseHeaders(200, crl.length);
      ex.getResponseBody().write(crl);
      ex.close();
    });
    crlServer.createContext("/ocsp", ex -> {
      ocspQueries.incrementAndGet();
      byte[] answer = root.ocspResponse(ex.getRequestBody().readAllBytes(), ocspRevoked);
      ex.getResponseHeaders().set("Content-Type", "application/ocsp-response");
      ex.sendResponseHeaders(200, answer.length);
      ex.getResponseBody().write(answer);
      ex.close();
    });
    crlServer.createContext("/ocsp-nonce", ex -> { // echoes the request's nonce, as RFC 8954 responders do
      byte[] request = ex.getRequestBody().readAllBytes();
      Extension nonce = nonceOf(request);
      if (nonce != null) ocspNonces.add(nonce);
      answer(ex, root.ocspResponse(request, List.of(), nonce));
    });
    crlServer.createContext("/ocsp-stale", ex -> { // a signed "good" answer made for an earlier request
      byte[] request = ex.getRequestBody().readAllBytes();
      answer(ex, root.ocspResponse(request, List.of(), ocspNonces.isEmpty() ? staleNonce() : ocspNonces.getFirst()));
    });
    crlServer.createContext("/ocsp-forged", ex -> { // answers "good" for everything, signed by the wrong CA
      byte[] answer = stranger.ocspResponse(ex.getRequestBody().readAllBytes(), List.of());
      ex.sendResponseHeaders(200, answer.length);
      ex.getResponseBody().write(answer);
      ex.close();
    });
    crlServer.start();
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      deadPort = s.getLocalPort();
    }
    InetSocketAddress tls = new InetSocketAddress("127.0.0.1", 0);
    gw = new PluginGateway(b -> b.tlsListen(List.of(tls)).defaultCertificates(List.of(SERVER)).http2Listen(Set.of(tls)));
    alice = gw.consumer("alice");
    customer = gw.insert("consumers", "{\"username\":\"customer\",\"custom_id\":\"cid-123\"}");
    carol = gw.consumer("carol");
    guest = gw.consumer("guest");
    fallback = gw.consumer("fallback");
    ObjectNode rootCa = gw.insert("ca_certificates", "{\"cert\":" + Json.MAPPER.writeValueAsString(root.certificatePem()) + "}");
    ObjectNode interCa = gw.insert("ca_certificates",
        "{\"cert\":" + Json.MAPPER.writeValueAsString(intermediate.certificatePem()) + "}");
    carolCredential = gw.insert("mtls_auth_credentials", "{\"subject_name\":\"carol.example\"," + ref("consumer", carol) + "}");
    gw.insert("mtls_auth_credentials", "{\"subject_name\":\"only-stranger\"," + ref("consumer", carol)
        + ",\"ca_certificate\":{\"id\":\"" + id(interCa) + "\"}}");
    String roots = "\"ca_certificates\":[\"" + id(rootCa) + "\"]";
    plugin("/mtls", "{" + roots + ",\"revocation_check_mode\":\"SKIP\"}");
    plugin("/skip", "{" + roots + ",\"skip_consumer_lookup\":true,\"revocation_check_mode\":\"SKIP\"}");
    plugin("/skip-dn", "{" + roots + ",\"skip_consumer_lookup\":true,\"authenticated_group_by\":\"DN\"}");
    plugin("/anon", "{" + roots + ",\"anonymous\":\"guest\",\"revocation_check_mode\":\"SKIP\"}");
    plugin("/default", "{" + roots + ",\"default_consumer\":\"" + id(fallback) + "\"}");
    plugin("/username-only", "{" + roots + ",\"consumer_by\":[\"username\"]}");
    plugin("/partial", "{\"ca_certificates\":[\"" + id(interCa) + "\"],\"allow_partial_chain\":true}");
    plugin("/no-partial", "{\"ca_certificates\":[\"" + id(interCa) + "\"]}");
    plugin("/crl", "{" + roots + "}");
    plugin("/strict", "{" + roots + ",\"revocation_check_mode\":\"STRICT\"}");
    gw.apply();
  }

  static final List<Extension> ocspNonces = new java.util.concurrent.CopyOnWriteArrayList<>();

  static @Nullable Extension nonceOf(byte[] ocspRequest) throws IOException {
    return new OCSPReq(ocspRequest).getExtension(OCSPObjectIdentifiers.id_pkix_ocsp_nonce);
  }

  static Extension staleNonce() {
    try {
      return new Extension(OCSPObjectIdentifiers.id_pkix_ocsp_nonce, false,
          new DEROctetString(new DEROctetString(new byte[16])));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static void answer(com.sun.net.httpserver.HttpExchange ex, byte[] body) throws IOException {
    ex.getResponseHeaders().set("Content-Type", "application/ocsp-response");
    ex.sendResponseHeaders(200, body.length);
    ex.getResponseBody().write(body);
    ex.close();
  }

  private static void plugin(String path, String config) {
    gw.plugin("mtls-auth", config, ref("route", gw.serviceAndRoute(path)));
  }

  @AfterAll
  static void stop() {
    if (gw != null) gw.close();
    if (crlServer != null) crlServer.stop(0);
  }

  static PemKeyPair client(TestPki.Authority ca, String cn, List<String> sans, @Nullable String crlUrl) {
    return ca.client(cn, sans, crlUrl, NOW.minus(Duration.ofHours(1)), NOW.plus(Duration.ofDays(1))).pair();
  }

  /** A GET over TLS (HTTP/1.1) presenting {@code cert} (null: none). */
  static HttpResponse<String> get(@Nullable PemKeyPair cert, String path) {
    return get(cert, path, HttpClient.Version.HTTP_1_1);
  }

  static HttpResponse<String> get(@Nullable PemKeyPair cert, String path, HttpClient.Version version) {
    try {
      SSLContext tls = SSLContext.getInstance("TLS");
      KeyManagerFactory keys = null;
      if (cert != null) {
        KeyStore store = KeyStore.getInstance("PKCS12");
        store.load(null, null);
        Certificate[] chain = CertificateFactory.getInstance("X.509")
            .generateCertificates(new ByteArrayInputStream(cert.certificateChain().getBytes(StandardCharsets.US_ASCII)))
            .toArray(Certificate[]::new);
        store.setKeyEntry("client", Pem.privateKey(cert.privateKey()), new char[0], chain);
        keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        keys.init(store, new char[0]);
      }
      tls.init(keys == null ? null : keys.getKeyManagers(), InsecureTrustManagerFactory.INSTANCE.getTrustManagers(), null);
      try (HttpClient client = HttpClient.newBuilder().sslContext(tls)
          .version(version).connectTimeout(Duration.ofSeconds(5)).build()) {
        return client.send(HttpRequest.newBuilder(URI.create("https://127.0.0.1:" + gw.tlsPort() + path))
            .timeout(Duration.ofSeconds(20)).build(), HttpResponse.BodyHandlers.ofString());
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  static void refused(HttpResponse<String> r, String message) {
    assertThat(r.statusCode()).as(r.body()).isEqualTo(401);
    assertThat(Json.parse(r.body()).get("message").asText()).isEqualTo(message);
  }

  static JsonNode passed(HttpResponse<String> r) {
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    return upstreamHeaders(r);
  }

  @Test
  void no_certificate_answers_401_over_tls_and_plain_http() {
    refused(get(null, "/mtls"), "No required TLS certificate was sent");
    refused(gw.get("/mtls"), "No required TLS certificate was sent");
  }

  @Test
  void the_common_name_maps_to_a_username_or_custom_id() {
    JsonNode h = passed(get(client(root, "alice", List.of(), null), "/mtls"));
    assertThat(h.get("x-consumer-id").asText()).isEqualTo(id(alice));
    assertThat(h.get("x-consumer-username").asText()).isEqualTo("alice");
    assertThat(h.get("x-credential-identifier").asText()).isEqualTo("alice");
    assertThat(passed(get(client(root, "cid-123", List.of(), null), "/mtls")).get("x-consumer-id").asText())
        .isEqualTo(id(customer));
    refused(get(client(root, "cid-123", List.of(), null), "/username-only"), "TLS certificate failed verification");
  }

  @Test
  void http2_streams_see_their_connections_certificate() {
    HttpResponse<String> r = get(client(root, "alice", List.of(), null), "/mtls", HttpClient.Version.HTTP_2);
    assertThat(r.version()).isEqualTo(HttpClient.Version.HTTP_2);
    assertThat(passed(r).get("x-consumer-id").asText()).isEqualTo(id(alice));
    refused(get(null, "/mtls", HttpClient.Version.HTTP_2), "No required TLS certificate was sent");
  }

  @Test
  void a_credential_maps_a_subject_alternative_name() {
    JsonNode h = passed(get(client(root, "someone", List.of("carol.example"), null), "/mtls"));
    assertThat(h.get("x-consumer-id").asText()).isEqualTo(id(carol));
    // a credential limited to another CA does not apply
    refused(get(client(root, "only-stranger", List.of(), null), "/mtls"), "TLS certificate failed verification");
  }

  @Test
  void untrusted_expired_or_unmapped_certificates_answer_401() {
    refused(get(client(stranger, "alice", List.of(), null), "/mtls"), "TLS certificate failed verification");
    PemKeyPair expired = root.client("alice", List.of(), null, NOW.minus(Duration.ofDays(3)), NOW.minus(Duration.ofDays(1))).pair();
    refused(get(expired, "/mtls"), "TLS certificate failed verification");
    refused(get(client(root, "nobody", List.of(), null), "/mtls"), "TLS certificate failed verification");
  }

  @Test
  void default_consumer_takes_a_trusted_certificate_without_a_match() {
    assertThat(passed(get(client(root, "nobody", List.of(), null), "/default")).get("x-consumer-id").asText())
        .isEqualTo(id(fallback));
    refused(get(client(stranger, "nobody", List.of(), null), "/default"), "TLS certificate failed verification");
  }

  @Test
  void anonymous_when_no_or_a_bad_certificate() {
    JsonNode none = passed(get(null, "/anon"));
    assertThat(none.get("x-anonymous-consumer").asText()).isEqualTo("true");
    assertThat(none.get("x-consumer-id").asText()).isEqualTo(id(guest));
    assertThat(passed(get(client(stranger, "alice", List.of(), null), "/anon")).get("x-consumer-id").asText())
        .isEqualTo(id(guest));
    assertThat(passed(get(client(root, "alice", List.of(), null), "/anon")).get("x-consumer-id").asText())
        .isEqualTo(id(alice));
  }

  @Test
  void skip_consumer_lookup_authenticates_the_certificate_and_sets_groups() {
    JsonNode h = passed(get(client(root, "machine-7", List.of("m7.example"), null), "/skip"));
    assertThat(h.has("x-consumer-id")).isFalse();
    assertThat(h.get("x-credential-identifier").asText()).isEqualTo("machine-7");
    assertThat(h.get("x-client-cert-dn").asText()).isEqualTo("CN=machine-7,O=Gatehouse Test");
    assertThat(h.get("x-client-cert-san").asText()).isEqualTo("m7.example");
    refused(get(client(stranger, "machine-7", List.of(), null), "/skip"), "TLS certificate failed verification");
  }

  @Test
  void chains_through_an_intermediate_and_partial_chains() {
    PemKeyPair viaIntermediate = client(intermediate, "alice", List.of(), null);
    assertThat(passed(get(viaIntermediate, "/mtls")).get("x-consumer-id").asText()).isEqualTo(id(alice));
    assertThat(passed(get(viaIntermediate, "/partial")).get("x-consumer-id").asText()).isEqualTo(id(alice));
    refused(get(viaIntermediate, "/no-partial"), "TLS certificate failed verification");
    refused(get(client(root, "alice", List.of(), null), "/partial"), "TLS certificate failed verification");
  }

  @Test
  void revocation_by_ocsp_comes_before_crls() {
    String base = "http://127.0.0.1:" + crlServer.getAddress().getPort();
    TestPki.Issued revoked = root.client("alice", List.of(), null, base + "/ocsp", NOW.minus(Duration.ofHours(1)),
        NOW.plus(Duration.ofDays(1)));
    ocspRevoked = List.of(revoked.serial());
    TestPki.Issued good = root.client("alice", List.of(), null, base + "/ocsp", NOW.minus(Duration.ofHours(1)),
        NOW.plus(Duration.ofDays(1)));
    int before = ocspQueries.get();
    assertThat(passed(get(good.pair(), "/strict")).get("x-consumer-id").asText()).isEqualTo(id(alice));
    refused(get(revoked.pair(), "/crl"), "TLS certificate failed verification");
    refused(get(revoked.pair(), "/strict"), "TLS certificate failed verification");
    assertThat(ocspQueries.get() - before).as("asked once per certificate: the verdicts are cached").isEqualTo(2);
    // an answer signed by another CA is not believed: the status stays unknown, which STRICT refuses
    TestPki.Issued forged = root.client("alice", List.of(), null, base + "/ocsp-forged", NOW.minus(Duration.ofHours(1)),
        NOW.plus(Duration.ofDays(1)));
    refused(get(forged.pair(), "/strict"), "TLS certificate failed verification");
    assertThat(get(forged.pair(), "/crl").statusCode()).as("IGNORE_CA_ERROR").isEqualTo(200);
  }

  // RFC 8954: each OCSP request carries a fresh nonce; an answer echoing another nonce is a replay
  @Test
  void ocsp_requests_carry_a_fresh_nonce_and_replayed_answers_are_refused() throws Exception {
    String base = "http://127.0.0.1:" + crlServer.getAddress().getPort();
    TestPki.Issued first = root.client("alice", List.of(), null, base + "/ocsp-nonce", NOW.minus(Duration.ofHours(1)),
        NOW.plus(Duration.ofDays(1)));
    TestPki.Issued second = root.client("alice", List.of(), null, base + "/ocsp-nonce", NOW.minus(Duration.ofHours(1)),
        NOW.plus(Duration.ofDays(1)));
    int before = ocspNonces.size();
    assertThat(passed(get(first.pair(), "/strict")).get("x-consumer-id").asText()).isEqualTo(id(alice));
    assertThat(passed(get(second.pair(), "/strict")).get("x-consumer-id").asText()).isEqualTo(id(alice));
    List<Extension> sent = ocspNonces.subList(before, ocspNonces.size());
    assertThat(sent).hasSize(2);
    for (Extension e : sent) {
      assertThat(e.isCritical()).isFalse();
      byte[] nonce = ASN1OctetString.getInstance(e.getParsedValue()).getOctets();
      assertThat(nonce.length).isBetween(16, 32);
    }
    assertThat(sent.get(0).getExtnValue()).as("fresh per request").isNotEqualTo(sent.get(1).getExtnValue());

    // a validly signed "good" answer that echoes an earlier request's nonce is not believed: STRICT refuses
    TestPki.Issued replayed = root.client("alice", List.of(), null, base + "/ocsp-stale", NOW.minus(Duration.ofHours(1)),
        NOW.plus(Duration.ofDays(1)));
    refused(get(replayed.pair(), "/strict"), "TLS certificate failed verification");
  }

  @Test
  void revocation_by_crl() {
    String url = "http://127.0.0.1:" + crlServer.getAddress().getPort() + "/root.crl";
    TestPki.Issued revoked = root.client("alice", List.of(), url, NOW.minus(Duration.ofHours(1)), NOW.plus(Duration.ofDays(1)));
    crl = root.crl(List.of(revoked.serial()));
    PemKeyPair good = client(root, "alice", List.of(), url);
    assertThat(passed(get(good, "/crl")).get("x-consumer-id").asText()).isEqualTo(id(alice));
    refused(get(revoked.pair(), "/crl"), "TLS certificate failed verification");
    refused(get(revoked.pair(), "/strict"), "TLS certificate failed verification");
    assertThat(passed(get(revoked.pair(), "/mtls")).get("x-consumer-id").asText()).as("SKIP").isEqualTo(id(alice));

    PemKeyPair unreachable = client(root, "alice", List.of(), "http://127.0.0.1:" + deadPort + "/root.crl");
    assertThat(get(unreachable, "/crl").statusCode()).as("IGNORE_CA_ERROR passes when the CRL cannot be had").isEqualTo(200);
    refused(get(unreachable, "/strict"), "TLS certificate failed verification");
    refused(get(client(root, "alice", List.of(), null), "/strict"), "TLS certificate failed verification");
  }
}
