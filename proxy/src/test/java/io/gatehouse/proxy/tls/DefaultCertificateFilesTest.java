package io.gatehouse.proxy.tls;

import static org.assertj.core.api.Assertions.assertThat;

import io.gatehouse.core.entity.Pem;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DefaultCertificateFilesTest {

  @Test
  void generatesKongsRsaAndEcdsaPairsOnceThenReadsThemBack(@TempDir Path prefix) throws Exception {
    Path ssl = prefix.resolve("ssl");
    List<PemKeyPair> first = DefaultCertificateFiles.loadOrCreate(ssl);
    assertThat(ssl.resolve("kong-default.crt")).exists();
    assertThat(ssl.resolve("kong-default.key")).exists();
    assertThat(ssl.resolve("kong-default-ecdsa.crt")).exists();
    assertThat(ssl.resolve("kong-default-ecdsa.key")).exists();
    assertThat(first).hasSize(2);
    assertThat(Pem.certificate(first.get(0).certificateChain()).getPublicKey().getAlgorithm()).isEqualTo("RSA");
    assertThat(Pem.certificate(first.get(1).certificateChain()).getPublicKey().getAlgorithm()).isEqualTo("EC");
    assertThat(Pem.certificate(first.get(0).certificateChain()).getSubjectX500Principal().getName()).contains("CN=localhost");
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(ssl.resolve("kong-default.key"))))
        .isEqualTo("rw-------");
    ServerSslContexts.build(first); // usable as the listener's default

    assertThat(DefaultCertificateFiles.loadOrCreate(ssl)).as("a restart reuses them").isEqualTo(first);
  }

  @Test
  void aDamagedFileIsReplaced(@TempDir Path prefix) throws Exception {
    Path ssl = prefix.resolve("ssl");
    List<PemKeyPair> first = DefaultCertificateFiles.loadOrCreate(ssl);
    Files.writeString(ssl.resolve("kong-default-ecdsa.crt"), "garbage");
    List<PemKeyPair> second = DefaultCertificateFiles.loadOrCreate(ssl);
    assertThat(second.get(0)).as("the intact RSA pair stays").isEqualTo(first.get(0));
    assertThat(second.get(1)).isNotEqualTo(first.get(1));
    assertThat(Pem.certificate(Files.readString(ssl.resolve("kong-default-ecdsa.crt")))).isNotNull();
  }
}
