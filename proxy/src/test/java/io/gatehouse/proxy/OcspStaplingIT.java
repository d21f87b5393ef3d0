package io.gatehouse.proxy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.gatehouse.proxy.testing.OpenSslClient;
import io.gatehouse.proxy.testing.TestProxy;
import io.gatehouse.proxy.tls.PemKeyPair;
import io.gatehouse.proxy.tls.TlsPolicy;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.ExtendedSSLSession;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * OCSP stapling on the proxy's TLS listener: a CA and leaves made by the openssl CLI, whose AIA names
 * a real OCSP responder ({@code openssl ocsp}); {@code openssl s_client -status} sees a "good" staple, a
 * "revoked" one for the revoked leaf, and a normal handshake without a staple when the responder
 * named in the AIA does not answer.
 */
class OcspStaplingIT {
  private static final TlsPolicy STAPLING = TlsPolicy.DEFAULT.withOcspStapling(true);

  @TempDir static Path dir;
  static HttpServer responder;
  static TestProxy good;
  static TestProxy revoked;
  static TestProxy down;

  @BeforeAll
  static void start() throws Exception {
    responder = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    responder.createContext("/", OcspStaplingIT::respond);
    responder.start();
    int port = responder.getAddress().getPort();
    int closedPort = freePort();
    openssl("req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes", "-keyout", "ca.key",
        "-subj", "/CN=Gatehouse OCSP test CA", "-days", "2", "-out", "ca.pem",
        "-addext", "basicConstraints=critical,CA:TRUE", "-addext", "keyUsage=critical,keyCertSign,cRLSign,digitalSignature");
    PemKeyPair goodLeaf = leaf("good", "1001", port);
    PemKeyPair revokedLeaf = leaf("revoked", "1002", port);
    PemKeyPair downLeaf = leaf("down", "1003", closedPort);
    String expiry = "491231000000Z";
    Files.writeString(dir.resolve("index.txt"),
        "V\t" + expiry + "\t\t1001\tunknown\t/CN=localhost\n"
            + "R\t" + expiry + "\t240101000000Z\t1002\tunknown\t/CN=localhost\n", StandardCharsets.US_ASCII);
    good = start(goodLeaf);
    revoked = start(revokedLeaf);
    down = start(downLeaf);
  }

  @AfterAll
  static void stop() throws InterruptedException {
    for (TestProxy p : new TestProxy[] {good, revoked, down}) {
      if (p != null) p.close();
    }
    if (responder != null) responder.stop(0);
  }

  private static TestProxy start(PemKeyPair certificate) {
    return TestProxy.start(b -> b.tlsListen("127.0.0.1", 0).defaultCertificates(List.of(certificate))
        .tlsPolicy(STAPLING));
  }

  @Test
  void aGoodCertificateGetsAGoodStaple() {
    // the warm-up fetches off the event loop; the first handshakes may go without a staple
    await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> {
      OpenSslClient.Run run = OpenSslClient.run(good.tlsAddress(), "", "-status", "-CAfile", dir.resolve("ca.pem").toString());
      assertThat(run.handshakeDone()).as(run.output()).isTrue();
      assertThat(run.output()).as(run.output()).contains("OCSP Response Status: successful").contains("Cert Status: good");
    });
  }

  @Test
  void aRevokedCertificateGetsARevokedStaple() {
    await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> {
      OpenSslClient.Run run = OpenSslClient.run(revoked.tlsAddress(), "", "-status");
      assertThat(run.output()).as(run.output()).contains("Cert Status: revoked");
    });
  }

  @Test
  void withTheResponderDownHandshakesGoOnWithoutAStaple() throws Exception {
    OpenSslClient.Run run = OpenSslClient.run(down.tlsAddress(), "", "-status");
    assertThat(run.handshakeDone()).as(run.output()).isTrue();
    assertThat(run.output()).as(run.output()).contains("OCSP response: no response sent");
    for (int i = 0; i < 3; i++) {
      // a JDK client asks for the status too; each handshake is far below the JDK's own 5 s fetch wait
      long start = System.nanoTime();
      try (SSLSocket socket = TlsPolicyIT.connect(down.tlsAddress(), List.of("TLSv1.3"), TlsPolicyIT.TLS13)) {
        assertThat(((ExtendedSSLSession) socket.getSession()).getStatusResponses()).isEmpty();
      }
      assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(4));
    }
  }

  /** A leaf for localhost signed by the test CA, whose AIA names the responder on {@code port}. */
  private static PemKeyPair leaf(String name, String serial, int port) throws Exception {
    Files.writeString(dir.resolve(name + ".ext"), "authorityInfoAccess=OCSP;URI:http://127.0.0.1:" + port + "/\n"
        + "subjectAltName=DNS:localhost\nbasicConstraints=CA:FALSE\n", StandardCharsets.US_ASCII);
    openssl("req", "-new", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes", "-keyout", name + ".key",
        "-subj", "/CN=localhost", "-out", name + ".csr");
    openssl("x509", "-req", "-in", name + ".csr", "-CA", "ca.pem", "-CAkey", "ca.key", "-set_serial", "0x" + serial,
        "-days", "1", "-extfile", name + ".ext", "-out", name + ".pem");
    String chain = Files.readString(dir.resolve(name + ".pem")) + Files.readString(dir.resolve("ca.pem"));
    return new PemKeyPair(chain, Files.readString(dir.resolve(name + ".key")));
  }

  private static void openssl(String... args) throws IOException, InterruptedException {
    List<String> command = new ArrayList<>(List.of("openssl"));
    command.addAll(List.of(args));
    Process p = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).start();
    String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!p.waitFor(20, TimeUnit.SECONDS) || p.exitValue() != 0) {
      throw new IOException(command + " failed: " + output);
    }
  }

  /**
   * The responder: OpenSSL's {@code ocsp} answers each request from the CA's index (its own server
   * mode cannot bind to loopback only, so this HTTP front on a loopback port hands it the request).
   */
  private static void respond(HttpExchange exchange) throws IOException {
    try (exchange) {
      Path request = Files.createTempFile(dir, "req", ".der");
      Path response = Files.createTempFile(dir, "resp", ".der");
      byte[] der = "GET".equals(exchange.getRequestMethod()) // the JDK GETs short requests (RFC 6960 A.1)
          ? Base64.getDecoder().decode(URLDecoder.decode(exchange.getRequestURI().getRawPath().substring(1),
              StandardCharsets.US_ASCII))
          : exchange.getRequestBody().readAllBytes();
      Files.write(request, der);
      try {
        openssl("ocsp", "-index", "index.txt", "-rsigner", "ca.pem", "-rkey", "ca.key", "-CA", "ca.pem", "-ndays", "1",
            "-reqin", request.toString(), "-respout", response.toString());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IOException(e);
      }
      der = Files.readAllBytes(response);
      exchange.getResponseHeaders().set("Content-Type", "application/ocsp-response");
      exchange.sendResponseHeaders(200, der.length);
      exchange.getResponseBody().write(der);
    }
  }

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    }
  }
}
