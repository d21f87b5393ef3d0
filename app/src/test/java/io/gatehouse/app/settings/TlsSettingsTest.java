package io.gatehouse.app.settings;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.gatehouse.proxy.tls.TlsPolicy;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** kong.conf's TLS policy keys resolved as Kong 3.9's conf_loader does, and its load-time errors. */
class TlsSettingsTest {
  @TempDir Path dir;

  private Settings load(String conf) throws IOException {
    Path file = dir.resolve("kong.conf");
    Files.writeString(file, conf);
    return new SettingsLoader(java.util.Map.of(), List.of(), dir.resolve("home")).load(file, java.util.Map.of());
  }

  @Test
  void theDefaultIsIntermediate() throws IOException {
    TlsPolicy p = TlsSettings.policy(load(""));
    assertThat(p).isEqualTo(TlsPolicy.DEFAULT);
    assertThat(p.protocols()).containsExactly("TLSv1.3", "TLSv1.2");
    assertThat(p.cipherSuites()).contains("TLS_AES_128_GCM_SHA256", "TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256",
        "TLS_DHE_RSA_WITH_CHACHA20_POLY1305_SHA256").noneMatch(s -> s.contains("CBC") || s.endsWith("_SHA"));
    assertThat(p.preferServerCiphers()).isFalse(); // Kong's intermediate: off, whatever ssl_prefer_server_ciphers says
    assertThat(p.sessionTickets()).isTrue();
    assertThat(p.sessionTimeout()).isEqualTo(Duration.ofDays(1));
    assertThat(p.dhGroup()).isEqualTo("ffdhe2048");
  }

  @Test
  void aNamedSuiteIgnoresTheIndividualKeys() throws IOException {
    TlsPolicy p = TlsSettings.policy(load("ssl_cipher_suite = modern\nssl_protocols = TLSv1.2\nssl_ciphers = AES128-SHA\n"
        + "ssl_dhparam = ffdhe4096\n"));
    assertThat(p.protocols()).containsExactly("TLSv1.3");
    assertThat(p.cipherSuites()).containsExactly("TLS_AES_256_GCM_SHA384", "TLS_CHACHA20_POLY1305_SHA256",
        "TLS_AES_128_GCM_SHA256");
    assertThat(p.dhGroup()).isNull();
    TlsPolicy old = TlsSettings.policy(load("ssl_cipher_suite = old\nssl_prefer_server_ciphers = off\nssl_dhparam = ffdhe4096\n"));
    assertThat(old.preferServerCiphers()).isTrue();
    assertThat(old.dhGroup()).isEqualTo("ffdhe4096");
    assertThat(old.protocols()).containsExactly("TLSv1.3", "TLSv1.2", "TLSv1.1", "TLSv1");
    assertThat(old.cipherSuites()).contains("TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA", "SSL_RSA_WITH_3DES_EDE_CBC_SHA");
  }

  @Test
  void customReadsEveryKey() throws IOException {
    Settings s = load("ssl_cipher_suite = custom\nssl_protocols = TLSv1.2\n"
        + "ssl_ciphers = ECDHE-RSA-AES256-GCM-SHA384:HIGH:!aNULL:ECDHE-RSA-AES128-GCM-SHA256\n"
        + "ssl_prefer_server_ciphers = off\nssl_session_tickets = off\nssl_session_timeout = 10m\n"
        + "ssl_dhparam = ffdhe3072\n");
    TlsPolicy p = TlsSettings.policy(s);
    assertThat(p.protocols()).containsExactly("TLSv1.2");
    assertThat(p.cipherSuites()).containsExactly("TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384",
        "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256");
    assertThat(p.preferServerCiphers()).isFalse();
    assertThat(p.sessionTickets()).isFalse();
    assertThat(p.sessionTimeout()).isEqualTo(Duration.ofMinutes(10));
    assertThat(p.dhGroup()).isEqualTo("ffdhe3072");
    assertThat(s.warnings()).anyMatch(w -> w.contains("'HIGH' is not a cipher name Gatehouse knows"));
  }

  @Test
  void customDhParametersAreReadForTheirSize() throws Exception {
    // a parameters PEM as `openssl dhparam` writes it (1024 bits: quick to generate) is served as ffdhe2048
    java.security.AlgorithmParameterGenerator gen = java.security.AlgorithmParameterGenerator.getInstance("DH");
    gen.init(1024);
    String pem = "-----BEGIN DH PARAMETERS-----\n"
        + java.util.Base64.getMimeEncoder().encodeToString(gen.generateParameters().getEncoded())
        + "\n-----END DH PARAMETERS-----\n";
    Path file = dir.resolve("dhparam.pem");
    Files.writeString(file, pem);
    assertThat(TlsSettings.policy(load("ssl_cipher_suite = custom\nssl_dhparam = " + file + "\n")).dhGroup())
        .isEqualTo("ffdhe2048");
  }

  @Test
  void invalidValuesFailAtLoadWithKongsMessages() {
    assertThatThrownBy(() -> load("ssl_cipher_suite = strong\n")).isInstanceOf(SettingsException.class)
        .hasMessageContaining("Undefined cipher suite strong");
    assertThatThrownBy(() -> load("ssl_cipher_suite = custom\nssl_protocols = TLSv1.2 TLSv1.4\n"))
        .isInstanceOf(SettingsException.class)
        .hasMessageContaining("invalid value \"TLSv1.4\" in \"ssl_protocols\" directive");
    assertThatThrownBy(() -> load("ssl_cipher_suite = custom\nssl_dhparam = not-a-group\n"))
        .isInstanceOf(SettingsException.class)
        .hasMessageContaining("ssl_dhparam: failed loading certificate from not-a-group");
    assertThatThrownBy(() -> load("ssl_cipher_suite = custom\nssl_ciphers = NOPE:ALSO-NOPE\n"))
        .isInstanceOf(SettingsException.class).hasMessageContaining("ssl_ciphers: no cipher match");
    assertThatThrownBy(() -> load("ssl_session_timeout = soon\n")).isInstanceOf(SettingsException.class)
        .hasMessageContaining("ssl_session_timeout is not a time");
  }

  @Test
  void aBadDhparamIsIgnoredWhereKongIgnoresIt() throws IOException {
    // intermediate forces ffdhe2048 before Kong looks at ssl_dhparam
    assertThat(TlsSettings.policy(load("ssl_dhparam = not-a-group\n")).dhGroup()).isEqualTo("ffdhe2048");
  }
}
