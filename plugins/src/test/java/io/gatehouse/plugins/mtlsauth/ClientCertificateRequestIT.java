package io.gatehouse.plugins.mtlsauth;

import static io.gatehouse.plugins.testing.PluginGateway.ref;
import static org.assertj.core.api.Assertions.assertThat;

import io.gatehouse.core.entity.Pem;
import io.gatehouse.core.json.Json;
import io.gatehouse.plugins.testing.PluginGateway;
import io.gatehouse.proxy.plugins.LoadedPlugins;
import io.gatehouse.proxy.testing.TestPki;
import io.gatehouse.proxy.tls.PemKeyPair;
import io.gatehouse.proxy.tls.SelfSignedCertificates;
import io.netty.handler.ssl.util.InsecureTrustManagerFactory;
import java.io.ByteArrayInputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.security.KeyStore;
import java.security.Principal;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import javax.net.ssl.KeyManager;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.X509ExtendedKeyManager;
import javax.security.auth.x500.X500Principal;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

/**
 * TLS listeners ask for a client certificate only while an enabled plugin wants one (Kong asks in
 * every handshake while mtls-auth is configured): a client holding a certificate sends it only when
 * asked, which its session then shows.
 */
class ClientCertificateRequestIT {
  static final PemKeyPair CLIENT = TestPki.root("Request Root").client("someone");

  @Test
  void asked_only_while_an_enabled_instance_exists() throws Exception {
    InetSocketAddress tls = new InetSocketAddress("127.0.0.1", 0);
    try (PluginGateway gw = new PluginGateway(LoadedPlugins.of(new MtlsAuthPlugin()),
        b -> b.tlsListen(List.of(tls)).defaultCertificates(List.of(MtlsAuthIT.SERVER)))) {
      var ca = gw.insert("ca_certificates", "{\"cert\":" + Json.MAPPER.writeValueAsString(
          TestPki.root("Other Root").certificatePem()) + "}");
      String config = "{\"ca_certificates\":[\"" + ca.get("id").asText() + "\"]}";
      gw.serviceAndRoute("/plain");
      gw.apply();
      assertThat(sendsCertificate(gw)).as("no mtls-auth instance").isFalse();

      gw.insert("plugins", "{\"name\":\"mtls-auth\",\"enabled\":false,\"config\":" + config + ","
          + ref("route", gw.serviceAndRoute("/off")) + "}");
      gw.apply();
      assertThat(sendsCertificate(gw)).as("only a disabled instance").isFalse();

      gw.plugin("mtls-auth", config, ref("route", gw.serviceAndRoute("/on")));
      gw.apply();
      assertThat(sendsCertificate(gw)).as("an enabled instance, on another route: every handshake asks").isTrue();
    }
  }

  // Kong Enterprise's send_ca_dn: the CertificateRequest lists the configured CAs as acceptable issuers
  @Test
  void send_ca_dn_names_the_configured_cas_in_the_certificate_request() throws Exception {
    TestPki.Authority named = TestPki.root("Named Root");
    TestPki.Authority second = TestPki.root("Second Root");
    TestPki.Authority unnamed = TestPki.root("Unnamed Root");
    InetSocketAddress tls = new InetSocketAddress("127.0.0.1", 0);
    try (PluginGateway gw = new PluginGateway(LoadedPlugins.of(new MtlsAuthPlugin()),
        b -> b.tlsListen(List.of(tls)).defaultCertificates(List.of(MtlsAuthIT.SERVER)))) {
      PemKeyPair sniCert = SelfSignedCertificates.generate("named.test", SelfSignedCertificates.KeyType.EC, Duration.ofDays(1));
      var cert = gw.insert("certificates", "{\"cert\":" + Json.MAPPER.writeValueAsString(sniCert.certificateChain())
          + ",\"key\":" + Json.MAPPER.writeValueAsString(sniCert.privateKey()) + "}");
      gw.insert("snis", "{\"name\":\"named.test\",\"certificate\":{\"id\":\"" + cert.get("id").asText() + "\"}}");
      String namedId = ca(gw, named);
      String secondId = ca(gw, second);
      String unnamedId = ca(gw, unnamed);
      gw.plugin("mtls-auth", "{\"ca_certificates\":[\"" + unnamedId + "\"]}", ref("route", gw.serviceAndRoute("/quiet")));
      gw.apply();
      for (String protocol : new String[] {"TLSv1.3", "TLSv1.2"}) {
        assertThat(askedIssuers(gw, protocol, null)).as(protocol + ": send_ca_dn off names no CA").isEmpty();
      }

      gw.plugin("mtls-auth", "{\"send_ca_dn\":true,\"ca_certificates\":[\"" + namedId + "\",\"" + secondId + "\"]}",
          ref("route", gw.serviceAndRoute("/named")));
      gw.apply();
      for (String protocol : new String[] {"TLSv1.3", "TLSv1.2"}) {
        for (String sni : new String[] {null, "named.test"}) {
          assertThat(askedIssuers(gw, protocol, sni)).as(protocol + " SNI " + sni)
              .containsExactlyInAnyOrder(subject(named), subject(second));
        }
      }
    }
  }

  private static String ca(PluginGateway gw, TestPki.Authority ca) throws Exception {
    return gw.insert("ca_certificates", "{\"cert\":" + Json.MAPPER.writeValueAsString(ca.certificatePem()) + "}")
        .get("id").asText();
  }

  private static X500Principal subject(TestPki.Authority ca) throws Exception {
    return ((X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(
        new ByteArrayInputStream(ca.certificatePem().getBytes(StandardCharsets.US_ASCII)))).getSubjectX500Principal();
  }

  /**
   * The acceptable issuers the server's CertificateRequest named, as the JDK's client hands them to
   * its key manager ({@code chooseClientAlias}) in a fresh handshake; empty when it named none.
   */
  private static List<Principal> askedIssuers(PluginGateway gw, String protocol, @Nullable String sni) throws Exception {
    Set<Principal> seen = ConcurrentHashMap.newKeySet(); // asked once per key type: the same names each time
    AtomicBoolean asked = new AtomicBoolean();
    X509ExtendedKeyManager recording = new X509ExtendedKeyManager() {
      @Override
      public String chooseClientAlias(String[] keyType, Principal[] issuers, Socket socket) {
        asked.set(true);
        if (issuers != null) seen.addAll(Arrays.asList(issuers));
        return null; // send no certificate: only the request matters here
      }

      @Override
      public String[] getClientAliases(String keyType, Principal[] issuers) {
        return null;
      }

      @Override
      public String[] getServerAliases(String keyType, Principal[] issuers) {
        return null;
      }

      @Override
      public String chooseServerAlias(String keyType, Principal[] issuers, Socket socket) {
        return null;
      }

      @Override
      public X509Certificate[] getCertificateChain(String alias) {
        return null;
      }

      @Override
      public PrivateKey getPrivateKey(String alias) {
        return null;
      }
    };
    SSLContext ctx = SSLContext.getInstance("TLS");
    ctx.init(new KeyManager[] {recording}, InsecureTrustManagerFactory.INSTANCE.getTrustManagers(), null);
    try (SSLSocket s = (SSLSocket) ctx.getSocketFactory().createSocket("127.0.0.1", gw.tlsPort())) {
      s.setSoTimeout(10_000);
      SSLParameters params = s.getSSLParameters();
      params.setProtocols(new String[] {protocol});
      if (sni != null) params.setServerNames(List.of(new SNIHostName(sni)));
      s.setSSLParameters(params);
      s.startHandshake();
      assertThat(s.getSession().getProtocol()).isEqualTo(protocol);
    }
    assertThat(asked).as("the server asked for a certificate").isTrue();
    return List.copyOf(seen);
  }

  /** Whether a client offering {@link #CLIENT} sent it in a fresh handshake. */
  private static boolean sendsCertificate(PluginGateway gw) throws Exception {
    KeyStore store = KeyStore.getInstance("PKCS12");
    store.load(null, null);
    Certificate[] chain = CertificateFactory.getInstance("X.509")
        .generateCertificates(new ByteArrayInputStream(CLIENT.certificateChain().getBytes(StandardCharsets.US_ASCII)))
        .toArray(Certificate[]::new);
    store.setKeyEntry("client", Pem.privateKey(CLIENT.privateKey()), new char[0], chain);
    KeyManagerFactory keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
    keys.init(store, new char[0]);
    SSLContext ctx = SSLContext.getInstance("TLS");
    ctx.init(keys.getKeyManagers(), InsecureTrustManagerFactory.INSTANCE.getTrustManagers(), null);
    try (SSLSocket s = (SSLSocket) ctx.getSocketFactory().createSocket("127.0.0.1", gw.tlsPort())) {
      s.setSoTimeout(10_000);
      s.startHandshake();
      return s.getSession().getLocalCertificates() != null;
    }
  }
}
