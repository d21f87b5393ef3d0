package io.gatehouse.proxy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.gatehouse.proxy.testing.OpenSslClient;
import io.gatehouse.proxy.testing.TestProxy;
import io.gatehouse.proxy.testing.TlsClient;
import io.gatehouse.proxy.tls.CipherSuiteLevel;
import io.gatehouse.proxy.tls.PemKeyPair;
import io.gatehouse.proxy.tls.SelfSignedCertificates;
import io.gatehouse.proxy.tls.SelfSignedCertificates.KeyType;
import io.gatehouse.proxy.tls.TlsPolicy;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Kong's TLS policy on the proxy's TLS listener ({@code ssl_cipher_suite} and its keys): for each
 * level, the handshakes it must refuse fail and the ones it allows succeed, with the JDK's client
 * forced to one protocol and suite list and with {@code openssl s_client}; client-initiated
 * renegotiation is refused; session tickets, their lifetime and the DH group follow the settings.
 */
class TlsPolicyIT {
  private static final Duration DAY = Duration.ofDays(1);
  /** Kong serves an RSA and an ECDSA default certificate side by side. */
  static final List<PemKeyPair> CERTS = List.of(
      SelfSignedCertificates.generate("localhost", KeyType.RSA, DAY),
      SelfSignedCertificates.generate("localhost", KeyType.EC, DAY));

  static final String AES128_GCM = "TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256";
  static final String AES256_GCM = "TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384";
  static final String CHACHA = "TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256";
  static final String DHE_GCM = "TLS_DHE_RSA_WITH_AES_128_GCM_SHA256";
  static final String CBC_SHA1 = "TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA";
  static final String CBC_SHA256 = "TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA256";
  static final List<String> TLS13 = List.of("TLS_AES_128_GCM_SHA256", "TLS_AES_256_GCM_SHA384", "TLS_CHACHA20_POLY1305_SHA256");

  static TestProxy intermediate;
  static TestProxy modern;
  static TestProxy old;
  static TestProxy custom;
  static TestProxy noTickets;

  @BeforeAll
  static void start() {
    intermediate = start(TlsPolicy.DEFAULT);
    modern = start(kong(CipherSuiteLevel.MODERN, null, "TLSv1.2 TLSv1.3", true, null));
    // old, with sessions kept 5 minutes and DHE on RFC 7919's 3072-bit group
    old = start(TlsPolicy.kong(CipherSuiteLevel.OLD, null, "TLSv1.2", false, true, Duration.ofMinutes(5), "ffdhe3072",
        w -> { }));
    // custom: only what the individual keys say
    custom = start(kong(CipherSuiteLevel.CUSTOM, "ECDHE-ECDSA-AES256-GCM-SHA384:DHE-RSA-AES128-GCM-SHA256:!MD5",
        "TLSv1.2", true, null));
    noTickets = start(TlsPolicy.kong(CipherSuiteLevel.INTERMEDIATE, null, "TLSv1.2 TLSv1.3", true, false, DAY, null,
        w -> { }));
  }

  private static TlsPolicy kong(CipherSuiteLevel level, String ciphers, String protocols, boolean preferServer,
      String dhparam) {
    return TlsPolicy.kong(level, ciphers, protocols, preferServer, true, DAY, dhparam, w -> { });
  }

  private static TestProxy start(TlsPolicy policy) {
    return TestProxy.start(b -> b.tlsListen("127.0.0.1", 0).defaultCertificates(CERTS).tlsPolicy(policy));
  }

  @AfterAll
  static void stop() {
    for (TestProxy p : new TestProxy[] {intermediate, modern, old, custom, noTickets}) {
      if (p != null) p.close();
    }
  }

  /** The suite a JDK client offering exactly these protocols and suites (in this order) gets. */
  static String handshake(TestProxy proxy, List<String> protocols, List<String> suites) throws IOException {
    try (SSLSocket s = connect(proxy.tlsAddress(), protocols, suites)) {
      return s.getSession().getCipherSuite();
    }
  }

  static SSLSocket connect(InetSocketAddress address, List<String> protocols, List<String> suites) throws IOException {
    SSLSocket s = (SSLSocket) TlsClient.trustAll().getSocketFactory().createSocket();
    try {
      s.connect(address, 5000);
      s.setSoTimeout(10_000);
      s.setEnabledProtocols(protocols.toArray(String[]::new));
      s.setEnabledCipherSuites(suites.toArray(String[]::new));
      s.startHandshake();
      return s;
    } catch (IOException | RuntimeException e) {
      s.close();
      throw e;
    }
  }

  @Test
  void intermediateServesTls13AndAeadTls12SuitesOnly() throws IOException {
    for (String suite : TLS13) {
      assertThat(handshake(intermediate, List.of("TLSv1.3"), List.of(suite))).isEqualTo(suite);
    }
    for (String suite : List.of(AES128_GCM, AES256_GCM, CHACHA, DHE_GCM)) {
      assertThat(handshake(intermediate, List.of("TLSv1.2"), List.of(suite))).isEqualTo(suite);
    }
    for (String weak : List.of(CBC_SHA1, CBC_SHA256, "TLS_ECDHE_RSA_WITH_AES_256_CBC_SHA", "TLS_DHE_RSA_WITH_AES_128_CBC_SHA")) {
      assertThatThrownBy(() -> handshake(intermediate, List.of("TLSv1.2"), List.of(weak)))
          .as(weak).isInstanceOf(SSLException.class);
    }
  }

  @Test
  void intermediateLetsTheClientOrderPick() throws IOException {
    // Kong's intermediate: ssl_prefer_server_ciphers off; the server lists AES128 before AES256
    assertThat(handshake(intermediate, List.of("TLSv1.2"), List.of(AES256_GCM, AES128_GCM))).isEqualTo(AES256_GCM);
  }

  @Test
  void intermediateRefusesTls11AndTls10FromOpenssl() throws Exception {
    for (String flag : List.of("-tls1_1", "-tls1")) {
      OpenSslClient.Run run = OpenSslClient.run(intermediate.tlsAddress(), "", flag, "-cipher", "DEFAULT:@SECLEVEL=0");
      assertThat(run.handshakeDone()).as(flag + ": " + run.output()).isFalse();
    }
    OpenSslClient.Run tls12 = OpenSslClient.run(intermediate.tlsAddress(), "", "-tls1_2");
    assertThat(tls12.handshakeDone()).as(tls12.output()).isTrue();
    OpenSslClient.Run sha1 = OpenSslClient.run(intermediate.tlsAddress(), "", "-tls1_2", "-cipher", "ECDHE-RSA-AES128-SHA");
    assertThat(sha1.handshakeDone()).as(sha1.output()).isFalse();
  }

  @Test
  void modernServesTls13Only() throws IOException {
    assertThat(handshake(modern, List.of("TLSv1.3"), List.of("TLS_AES_256_GCM_SHA384"))).isEqualTo("TLS_AES_256_GCM_SHA384");
    // ssl_protocols says TLSv1.2 too, but a named suite ignores it, as Kong does
    assertThatThrownBy(() -> handshake(modern, List.of("TLSv1.2"), List.of(AES128_GCM))).isInstanceOf(SSLException.class);
  }

  @Test
  void oldAddsCbcSuitesWithTheServerOrder() throws IOException {
    assertThat(handshake(old, List.of("TLSv1.2"), List.of(CBC_SHA1))).isEqualTo(CBC_SHA1);
    assertThat(handshake(old, List.of("TLSv1.2"), List.of(CBC_SHA256))).isEqualTo(CBC_SHA256);
    // ssl_prefer_server_ciphers on for old: the server's first suite wins over the client's order
    assertThat(handshake(old, List.of("TLSv1.2"), List.of(AES256_GCM, AES128_GCM))).isEqualTo(AES128_GCM);
    assertThat(handshake(old, List.of("TLSv1.3"), List.of("TLS_AES_128_GCM_SHA256"))).isEqualTo("TLS_AES_128_GCM_SHA256");
  }

  @Test
  void customTakesSslProtocolsAndSslCiphers() throws IOException {
    assertThat(handshake(custom, List.of("TLSv1.2"), List.of(AES256_GCM))).isEqualTo(AES256_GCM);
    assertThatThrownBy(() -> handshake(custom, List.of("TLSv1.2"), List.of(AES128_GCM))).isInstanceOf(SSLException.class);
    assertThatThrownBy(() -> handshake(custom, List.of("TLSv1.3"), TLS13)).isInstanceOf(SSLException.class);
  }

  @Test
  void dhparamPicksTheDheGroup() throws Exception {
    // OpenSSL offers RFC 7919 groups in TLS 1.3 only, so the group is seen there; intermediate forces ffdhe2048
    OpenSslClient.Run i = OpenSslClient.run(intermediate.tlsAddress(), "", "-tls1_3", "-groups", "ffdhe2048");
    assertThat(i.output()).as(i.output()).contains("Server Temp Key: DH, 2048 bits");
    OpenSslClient.Run other = OpenSslClient.run(intermediate.tlsAddress(), "", "-tls1_3", "-groups", "ffdhe3072");
    assertThat(other.handshakeDone()).as(other.output()).isFalse();
    // old reads ssl_dhparam (ffdhe3072): the client's favourite ffdhe2048 is not served
    OpenSslClient.Run o = OpenSslClient.run(old.tlsAddress(), "", "-tls1_3", "-groups", "ffdhe2048:ffdhe3072");
    assertThat(o.output()).as(o.output()).contains("Server Temp Key: DH, 3072 bits");
    // DHE suites themselves are in Kong's intermediate list
    OpenSslClient.Run dhe = OpenSslClient.run(intermediate.tlsAddress(), "", "-tls1_2", "-cipher", "DHE-RSA-AES128-GCM-SHA256");
    assertThat(dhe.output()).as(dhe.output()).contains("Cipher is DHE-RSA-AES128-GCM-SHA256");
  }

  @Test
  void sessionTicketsAndTheirLifetimeFollowTheSettings() throws Exception {
    OpenSslClient.Run on = OpenSslClient.run(intermediate.tlsAddress(), "", "-tls1_2");
    assertThat(on.output()).as(on.output()).contains("TLS session ticket lifetime hint: 86400");
    OpenSslClient.Run off = OpenSslClient.run(noTickets.tlsAddress(), "", "-tls1_2");
    assertThat(off.handshakeDone()).as(off.output()).isTrue();
    assertThat(off.output()).doesNotContain("TLS session ticket");
    assertThat(off.output()).containsPattern("Session-ID: [0-9A-F]{64}"); // resumable through the session cache
    // ssl_session_timeout = 5m: the ticket carries it as its lifetime
    OpenSslClient.Run fiveMinutes = OpenSslClient.run(old.tlsAddress(), "", "-tls1_2");
    assertThat(fiveMinutes.output()).as(fiveMinutes.output()).contains("TLS session ticket lifetime hint: 300");
  }

  @Test
  void clientInitiatedRenegotiationClosesTheConnection() throws Exception {
    // control: the same client and request without renegotiation get an answer
    try (SSLSocket s = connect(intermediate.tlsAddress(), List.of("TLSv1.2"), List.of(AES128_GCM))) {
      assertThat(request(s)).startsWith("HTTP/1.1 404");
    }
    try (SSLSocket s = connect(intermediate.tlsAddress(), List.of("TLSv1.2"), List.of(AES128_GCM))) {
      assertThatThrownBy(() -> {
        s.startHandshake(); // on an established TLS 1.2 connection: a renegotiation
        String answer = request(s);
        if (!answer.isEmpty()) throw new AssertionError("renegotiated and answered: " + answer);
      }).isInstanceOfAny(IOException.class, AssertionError.class)
          .satisfies(e -> assertThat(e).isNotInstanceOf(AssertionError.class));
    }
    // openssl's R command: nginx-style refusal closes the connection, ending s_client on its own
    OpenSslClient.Run r = OpenSslClient.run(intermediate.tlsAddress(), "R\n", false, "-tls1_2");
    assertThat(r.output()).contains("RENEGOTIATING");
    assertThat(r.exitCode()).as(r.output()).isNotEqualTo(-1);
  }

  /** A request on an open TLS socket; the status line, or "" when the server closed without answering. */
  private static String request(SSLSocket s) throws IOException {
    OutputStream out = s.getOutputStream();
    out.write("GET /tls-policy HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
    out.flush();
    InputStream in = s.getInputStream();
    StringBuilder line = new StringBuilder();
    for (int c; (c = in.read()) != -1 && c != '\r'; ) line.append((char) c);
    return line.toString();
  }
}
