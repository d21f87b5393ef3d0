package io.gatehouse.plugins.mtlsauth;

import static io.gatehouse.plugins.testing.PluginGateway.ref;
import static org.assertj.core.api.Assertions.assertThat;

import io.gatehouse.core.entity.Pem;
import io.gatehouse.core.json.Json;
import io.gatehouse.plugins.testing.PluginGateway;
import io.gatehouse.proxy.plugins.LoadedPlugins;
import io.gatehouse.proxy.testing.TestPki;
import io.gatehouse.proxy.tls.PemKeyPair;
import io.netty.handler.ssl.util.InsecureTrustManagerFactory;
import java.io.ByteArrayInputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.util.List;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
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
