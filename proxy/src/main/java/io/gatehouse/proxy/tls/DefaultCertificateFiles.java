package io.gatehouse.proxy.tls;

import io.gatehouse.core.entity.Pem;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The node's default certificates when {@code ssl_cert} is not set, kept where Kong keeps them:
 * {@code <prefix>/ssl/kong-default.crt|.key} (RSA) and {@code kong-default-ecdsa.crt|.key} (ECDSA)
 * (and the {@code admin-}/{@code status-} pairs of those listeners),
 * for {@code CN=localhost}. Generated on the first start, read back on every later one, so clients
 * that pinned the certificate keep working across restarts.
 */
public final class DefaultCertificateFiles {
  private static final Logger log = LoggerFactory.getLogger(DefaultCertificateFiles.class);
  /** Kong's default certificates are valid for 20 years. */
  private static final Duration VALIDITY = Duration.ofDays(20 * 365);

  private DefaultCertificateFiles() {}

  /** The RSA and ECDSA default pairs, generating whichever is missing or unreadable. */
  public static List<PemKeyPair> loadOrCreate(Path sslDirectory) {
    return loadOrCreate(sslDirectory, "kong-default");
  }

  /**
   * As {@link #loadOrCreate(Path)} for the listener whose files start with {@code baseName}: Kong keeps
   * {@code admin-kong-default[-ecdsa]} for {@code admin_listen} and {@code status-kong-default[-ecdsa]}
   * for {@code status_listen} next to the proxy's {@code kong-default[-ecdsa]}.
   */
  public static List<PemKeyPair> loadOrCreate(Path sslDirectory, String baseName) {
    return List.of(
        loadOrCreate(sslDirectory, baseName, SelfSignedCertificates.KeyType.RSA),
        loadOrCreate(sslDirectory, baseName + "-ecdsa", SelfSignedCertificates.KeyType.EC));
  }

  private static PemKeyPair loadOrCreate(Path dir, String name, SelfSignedCertificates.KeyType type) {
    Path certFile = dir.resolve(name + ".crt");
    Path keyFile = dir.resolve(name + ".key");
    try {
      if (Files.isRegularFile(certFile) && Files.isRegularFile(keyFile)) {
        String cert = Files.readString(certFile, StandardCharsets.US_ASCII);
        String key = Files.readString(keyFile, StandardCharsets.US_ASCII);
        if (Pem.certificate(cert) != null && Pem.privateKey(key) != null) {
          return new PemKeyPair(cert, key);
        }
        // our own file, damaged: a new certificate is better than refusing to start
        log.warn("default certificate {} or its key is unreadable; generating a new one", certFile);
      }
      PemKeyPair fresh = SelfSignedCertificates.generate("localhost", type, VALIDITY);
      Files.createDirectories(dir);
      write(keyFile, fresh.privateKey(), true);
      write(certFile, fresh.certificateChain(), false);
      log.info("generated the default {} certificate {} (CN=localhost)", type, certFile);
      return fresh;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read or write the default certificate " + certFile + ": " + e.getMessage(), e);
    }
  }

  /** Writes through a temporary file so a crash never leaves half a PEM behind; keys readable by the owner only. */
  private static void write(Path file, String text, boolean secret) throws IOException {
    Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
    Files.writeString(tmp, text, StandardCharsets.US_ASCII);
    if (secret && FileSystems.getDefault().supportedFileAttributeViews().contains("posix")) {
      Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rw-------"));
    }
    try {
      Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } catch (AtomicMoveNotSupportedException e) {
      Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
    }
  }
}
