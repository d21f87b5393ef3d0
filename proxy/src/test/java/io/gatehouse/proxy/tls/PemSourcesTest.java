package io.gatehouse.proxy.tls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PemSourcesTest {
  static final String PEM = "-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n";

  @Test
  void pemTextAPathOrBase64PemAreAccepted(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("cert.pem");
    Files.writeString(file, PEM);
    assertThat(PemSources.read("ssl_cert", PEM)).isEqualTo(PEM.strip());
    assertThat(PemSources.read("ssl_cert", file.toString())).isEqualTo(PEM);
    String b64 = Base64.getEncoder().encodeToString(PEM.getBytes(StandardCharsets.US_ASCII));
    assertThat(PemSources.read("ssl_cert", b64)).isEqualTo(PEM);
  }

  @Test
  void aMissingFileNamesTheSetting(@TempDir Path dir) {
    assertThatThrownBy(() -> PemSources.read("ssl_cert_key", dir.resolve("nope.key").toString()))
        .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("ssl_cert_key: no such file");
  }
}
