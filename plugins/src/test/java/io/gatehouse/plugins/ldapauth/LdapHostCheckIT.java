package io.gatehouse.plugins.ldapauth;

import static io.gatehouse.plugins.ldapauth.LdapAuthIT.ldapAuth;
import static io.gatehouse.plugins.testing.PluginGateway.ref;
import static org.assertj.core.api.Assertions.assertThat;

import io.gatehouse.plugins.testing.PluginGateway;
import io.gatehouse.proxy.plugins.LoadedPlugins;
import io.gatehouse.testsupport.SlapdServer;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@code verify_ldap_host} with the server's CA trusted (Kong's {@code lua_ssl_trusted_certificate}):
 * the certificate names only {@code localhost}, so binding through {@code 127.0.0.1} fails the host
 * check (a failed handshake: Kong's 401) while {@code localhost} passes, over LDAPS and StartTLS.
 */
class LdapHostCheckIT {
  static SlapdServer ldap;
  static PluginGateway gw;

  @BeforeAll
  static void start() throws Exception {
    ldap = SlapdServer.start("dc=example,dc=com", LdapAuthIT.LDIF);
    X509Certificate ca = (X509Certificate) CertificateFactory.getInstance("X.509")
        .generateCertificate(new ByteArrayInputStream(ldap.certificatePem().getBytes(StandardCharsets.US_ASCII)));
    gw = new PluginGateway(LoadedPlugins.of(new LdapAuthPlugin(List.of(ca))));
    route("/ldaps-name", "localhost", ldap.ldapsPort(), "\"ldaps\":true");
    route("/ldaps-ip", "127.0.0.1", ldap.ldapsPort(), "\"ldaps\":true");
    route("/starttls-name", "localhost", ldap.port(), "\"start_tls\":true");
    route("/starttls-ip", "127.0.0.1", ldap.port(), "\"start_tls\":true");
    gw.apply();
  }

  private static void route(String path, String host, int port, String tls) {
    gw.plugin("ldap-auth", "{\"ldap_host\":\"" + host + "\",\"ldap_port\":" + port + ",\"base_dn\":\""
        + LdapAuthIT.BASE + "\",\"attribute\":\"uid\",\"verify_ldap_host\":true," + tls + "}",
        ref("route", gw.serviceAndRoute(path)));
  }

  @AfterAll
  static void stop() {
    if (gw != null) gw.close();
    if (ldap != null) ldap.close();
  }

  @Test
  void a_trusted_certificate_naming_the_host_passes() {
    assertThat(gw.get("/ldaps-name", "Authorization", ldapAuth("einstein:password")).statusCode()).isEqualTo(200);
    assertThat(gw.get("/starttls-name", "Authorization", ldapAuth("einstein:password")).statusCode()).isEqualTo(200);
    assertThat(gw.get("/ldaps-name", "Authorization", ldapAuth("einstein:wrong")).statusCode()).isEqualTo(401);
  }

  @Test
  void a_trusted_certificate_for_another_host_fails() {
    assertThat(gw.get("/ldaps-ip", "Authorization", ldapAuth("einstein:password")).statusCode()).isEqualTo(401);
    assertThat(gw.get("/starttls-ip", "Authorization", ldapAuth("einstein:password")).statusCode()).isEqualTo(401);
  }
}
