package io.gatehouse.plugins.runtime;

import static io.gatehouse.plugins.testing.PluginGateway.ref;
import static org.assertj.core.api.Assertions.assertThat;

import io.gatehouse.core.json.Json;
import io.gatehouse.plugins.testing.PluginGateway;
import io.gatehouse.proxy.testing.TlsClient;
import io.gatehouse.proxy.tls.PemKeyPair;
import io.gatehouse.proxy.tls.SelfSignedCertificates;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Plugins behave the same for an HTTP/2 stream as for an HTTP/1.1 request (key-auth, request-termination). */
class Http2PluginsIT {
  static final PemKeyPair CERT = SelfSignedCertificates.generate("localhost", SelfSignedCertificates.KeyType.EC,
      Duration.ofDays(1));
  static PluginGateway gw;
  static HttpClient h2;
  static int tlsPort;

  @BeforeAll
  static void start() {
    InetSocketAddress tls = new InetSocketAddress("127.0.0.1", 0);
    gw = new PluginGateway(b -> b.tlsListen(List.of(tls)).defaultCertificates(List.of(CERT)).http2Listen(Set.of(tls)));
    tlsPort = gw.tlsPort();
    h2 = TlsClient.httpClient(HttpClient.Version.HTTP_2);
    var bob = gw.consumer("bob");
    gw.insert("keyauth_credentials", "{\"key\":\"h2-key\"," + ref("consumer", bob) + "}");
    gw.plugin("key-auth", "{}", ref("route", gw.serviceAndRoute("/h2-key")));
    gw.plugin("request-termination", "{\"status_code\":418,\"message\":\"teapot over h2\"}",
        ref("route", gw.serviceAndRoute("/h2-term")));
    gw.apply();
  }

  @AfterAll
  static void stop() {
    h2.close();
    gw.close();
  }

  private static HttpResponse<String> h2Get(String path, String... headers) throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("https://127.0.0.1:" + tlsPort + path))
        .timeout(Duration.ofSeconds(20));
    if (headers.length > 0) b.headers(headers);
    return h2.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void keyAuthRejectsAndAcceptsAsOnHttp11() throws Exception {
    HttpResponse<String> missing = h2Get("/h2-key");
    HttpResponse<String> missing11 = gw.get("/h2-key");
    assertThat(missing.version()).isEqualTo(HttpClient.Version.HTTP_2);
    assertThat(missing.statusCode()).isEqualTo(401).isEqualTo(missing11.statusCode());
    assertThat(Json.parse(missing.body()).get("message").asText()).isEqualTo("No API key found in request");
    assertThat(missing.headers().firstValue("WWW-Authenticate")).isEqualTo(missing11.headers().firstValue("WWW-Authenticate"));

    HttpResponse<String> ok = h2Get("/h2-key", "apikey", "h2-key");
    assertThat(ok.statusCode()).isEqualTo(200);
    var headers = Json.parse(ok.body()).get("headers");
    assertThat(headers.get("x-consumer-username").asText()).isEqualTo("bob");
  }

  @Test
  void requestTerminationAnswersAsOnHttp11() throws Exception {
    HttpResponse<String> r = h2Get("/h2-term");
    HttpResponse<String> r11 = gw.get("/h2-term");
    assertThat(r.version()).isEqualTo(HttpClient.Version.HTTP_2);
    assertThat(r.statusCode()).isEqualTo(418).isEqualTo(r11.statusCode());
    assertThat(r.body()).isEqualTo(r11.body());
    assertThat(r.headers().firstValue("Content-Type")).isEqualTo(r11.headers().firstValue("Content-Type"));
  }
}
