package io.gatehouse.plugins.ldapauth;

import static io.gatehouse.plugins.ldapauth.LdapAuthIT.ldapAuth;
import static io.gatehouse.plugins.testing.PluginGateway.ref;
import static org.assertj.core.api.Assertions.assertThat;

import io.gatehouse.plugins.testing.PluginGateway;
import io.gatehouse.proxy.plugins.LoadedPlugins;
import io.gatehouse.sdk.NodeServices;
import io.gatehouse.sdk.SharedCounters;
import io.gatehouse.testsupport.SlapdServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code verify_ldap_host} with the server's CA trusted through Kong's {@code lua_ssl_trusted_certificate}
 * ({@code system} plus a PEM file, as the node's setting reaches the plugin):
 * the certificate names only {@code localhost}, so binding through {@code 127.0.0.1} fails the host
 * check (a failed handshake: Kong's 401) while {@code localhost} passes, over LDAPS and StartTLS.
 */
class LdapHostCheckIT {
  @TempDir static Path dir;
  static SlapdServer ldap;
  static PluginGateway gw;

  @BeforeAll
  static void start() throws Exception {
    ldap = SlapdServer.start("dc=example,dc=com", LdapAuthIT.LDIF);
    Path ca = dir.resolve("ldap-ca.pem");
    Files.writeString(ca, ldap.certificatePem());
    LdapAuthPlugin plugin = new LdapAuthPlugin();
    plugin.start(new NodeServices() { // the node's setting, as kong.conf would give it
      @Override
      public Optional<SharedCounters> sharedCounters() {
        return Optional.empty();
      }

      @Override
      public Optional<String> setting(String name) {
        return name.equals("lua_ssl_trusted_certificate") ? Optional.of("system, " + ca) : Optional.empty();
      }
    });
    gw = new PluginGateway(LoadedPlugins.of(plugin));
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
