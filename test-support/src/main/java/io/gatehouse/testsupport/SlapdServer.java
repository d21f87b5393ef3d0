package io.gatehouse.testsupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;

/**
 * A real OpenLDAP {@code slapd} (Debian's package) for tests: loaded from an LDIF text with
 * {@code slapadd}, then serving plain LDAP (StartTLS offered) and LDAPS on two free loopback ports
 * with a fresh self-signed certificate naming only {@code localhost} (made by the
 * {@code openssl} command). Stopped and its directory deleted on {@link #close()}.
 *
 * <pre>{@code
 * try (SlapdServer ldap = SlapdServer.start("dc=example,dc=com", ldif)) {
 *   // ldap://127.0.0.1:<ldap.port()>, ldaps://127.0.0.1:<ldap.ldapsPort()>, CA: ldap.certificatePem()
 * }
 * }</pre>
 */
public final class SlapdServer implements AutoCloseable {
  private static final Duration STARTUP = Duration.ofSeconds(20);

  private final Path dir;
  private final int port;
  private final int ldapsPort;
  private @Nullable Process process;

  private SlapdServer(Path dir, int port, int ldapsPort) {
    this.dir = dir;
    this.port = port;
    this.ldapsPort = ldapsPort;
  }

  /**
   * Starts a server for {@code suffix} (e.g. {@code dc=example,dc=com}) holding the entries of
   * {@code ldif}, whose first entry is the suffix itself. Passwords in {@code userPassword} may be
   * clear text; simple binds compare them.
   */
  public static SlapdServer start(String suffix, String ldif) {
    Objects.requireNonNull(suffix, "suffix");
    Objects.requireNonNull(ldif, "ldif");
    Path dir;
    try {
      dir = Files.createTempDirectory("gatehouse-slapd-");
      Files.createDirectory(dir.resolve("db"));
      run(dir, "openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes",
          "-keyout", dir.resolve("key.pem").toString(), "-out", dir.resolve("cert.pem").toString(), "-days", "2",
          "-subj", "/CN=localhost", "-addext", "subjectAltName=DNS:localhost");
      Files.writeString(dir.resolve("slapd.conf"), config(dir, suffix));
      Files.writeString(dir.resolve("data.ldif"), ldif);
      run(dir, binary("slapadd"), "-q", "-f", dir.resolve("slapd.conf").toString(), "-l", dir.resolve("data.ldif").toString());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    // a free port can be taken between probing and binding; a few fresh tries cover that race
    IllegalStateException last = null;
    for (int attempt = 0; attempt < 5; attempt++) {
      SlapdServer server = new SlapdServer(dir, LocalProcesses.freePort(), LocalProcesses.freePort());
      try {
        server.launch();
        return server;
      } catch (IllegalStateException e) {
        last = e;
        server.stop();
      }
    }
    LocalProcesses.deleteTree(dir);
    throw Objects.requireNonNull(last);
  }

  /** The plain LDAP port (StartTLS available on it). */
  public int port() {
    return port;
  }

  /** The LDAPS port. */
  public int ldapsPort() {
    return ldapsPort;
  }

  /** The server's self-signed certificate, PEM: the CA a verifying client trusts. */
  public String certificatePem() {
    try {
      return Files.readString(dir.resolve("cert.pem"));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Kills the server: clients see their connections reset and new ones refused. */
  public void stop() {
    Process p = process;
    process = null;
    LocalProcesses.kill(p, "slapd on port " + port);
  }

  /** Kills the server and starts it again on the same ports with the same data (its clients' connections are cut). */
  public void restart() {
    stop();
    launch();
  }

  @Override
  public void close() {
    stop();
    LocalProcesses.deleteTree(dir);
  }

  private static String config(Path dir, String suffix) {
    return String.join("\n",
        "include /etc/ldap/schema/core.schema",
        "include /etc/ldap/schema/cosine.schema",
        "include /etc/ldap/schema/inetorgperson.schema",
        "modulepath /usr/lib/ldap",
        "moduleload back_mdb",
        "pidfile " + dir.resolve("slapd.pid"),
        "TLSCertificateFile " + dir.resolve("cert.pem"),
        "TLSCertificateKeyFile " + dir.resolve("key.pem"),
        "database mdb",
        "maxsize 10485760",
        "suffix \"" + suffix + "\"",
        "rootdn \"cn=admin," + suffix + "\"",
        "rootpw " + UUID.randomUUID(), // nobody binds as root: the data is loaded with slapadd
        "directory " + dir.resolve("db"),
        "");
  }

  private void launch() {
    List<String> cmd = List.of(binary("slapd"), "-f", dir.resolve("slapd.conf").toString(),
        "-h", "ldap://127.0.0.1:" + port + "/ ldaps://127.0.0.1:" + ldapsPort + "/", "-d", "0");
    try {
      process = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(dir.resolve("slapd.log").toFile()).start();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot run " + cmd.get(0), e);
    }
    LocalProcesses.awaitServing(process, () -> accepts(port) && accepts(ldapsPort), STARTUP,
        "slapd on ports " + port + "/" + ldapsPort, dir.resolve("slapd.log"));
  }

  private static boolean accepts(int port) {
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 500);
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  private static void run(Path dir, String... cmd) throws IOException {
    Path out = dir.resolve("cmd.log");
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(out.toFile()).start();
    try {
      if (!p.waitFor(30, TimeUnit.SECONDS) || p.exitValue() != 0) {
        p.destroyForcibly();
        throw new IllegalStateException(cmd[0] + " failed: " + Files.readString(out));
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while running " + cmd[0], e);
    }
  }

  private static String binary(String name) {
    for (String candidate : List.of("/usr/sbin/" + name, "/usr/local/sbin/" + name)) {
      if (Files.isExecutable(Path.of(candidate))) {
        return candidate;
      }
    }
    throw new IllegalStateException(name + " not found: install Debian's slapd package (.ci/run does)");
  }
}
