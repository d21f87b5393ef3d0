package io.gatehouse.app;

import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.gatehouse.admin.AdminApi;
import io.gatehouse.admin.testing.AdminClient;
import io.gatehouse.app.settings.SettingsLoader;
import io.gatehouse.core.json.Json;
import io.gatehouse.proxy.ProxyServer;
import io.gatehouse.proxy.testing.EchoUpstream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Kong's getting-started "protect your API" flow, verbatim, against a whole node: consumer
 * {@code my-app}, a key-auth credential, key-auth enabled on the service; 401 without the key, 200
 * with it in the {@code apikey} header or query argument.
 */
@ParameterizedClass(name = "{0}")
@EnumSource(StoreKind.class)
class KeyAuthGettingStartedIT {
  @TempDir Path prefix;
  @Parameter StoreKind storeKind;

  @Test
  void key_auth_on_a_service() throws Exception {
    HttpClient http = HttpClient.newHttpClient();
    Map<String, String> conf = new java.util.HashMap<>(storeKind.settings());
    conf.putAll(Map.of("prefix", prefix.toString(), "status_listen", "127.0.0.1:0", "admin_listen", "127.0.0.1:0",
        "proxy_listen", "127.0.0.1:0"));
    var settings = new SettingsLoader(Map.of(), List.of(), prefix).load(null, conf);
    try (EchoUpstream upstream = EchoUpstream.start(); Node node = Node.start(settings)) {
      AdminClient admin = new AdminClient("http://127.0.0.1:" + node.component(AdminApi.class).orElseThrow().address().getPort());
      String proxy = "http://127.0.0.1:" + node.component(ProxyServer.class).orElseThrow().boundAddresses().getFirst().getPort();

      assertThat(admin.form("POST", "/services", "name=example_service&url=http://127.0.0.1:" + upstream.port()).status()).isEqualTo(201);
      assertThat(admin.form("POST", "/services/example_service/routes", "name=example_route&paths[]=/mock").status()).isEqualTo(201);
      var consumer = admin.form("POST", "/consumers", "username=my-app");
      assertThat(consumer.status()).as(consumer.toString()).isEqualTo(201);
      var key = admin.form("POST", "/consumers/my-app/key-auth", "key=top-secret-key");
      assertThat(key.status()).as(key.toString()).isEqualTo(201);
      var plugin = admin.form("POST", "/services/example_service/plugins", "name=key-auth&config.key_names=apikey");
      assertThat(plugin.status()).as(plugin.toString()).isEqualTo(201);
      assertThat(plugin.json().at("/config/hide_credentials").asBoolean()).isFalse();

      await().atMost(Duration.ofSeconds(5)).untilAsserted(() ->
          assertThat(send(http, proxy + "/mock/anything").statusCode()).isEqualTo(401));
      HttpResponse<String> denied = send(http, proxy + "/mock/anything");
      assertThat(Json.parse(denied.body()).get("message").asText()).isEqualTo("No API key found in request");
      assertThat(denied.headers().firstValue("WWW-Authenticate")).hasValue("Key");

      HttpResponse<String> viaHeader = http.send(HttpRequest.newBuilder(URI.create(proxy + "/mock/anything"))
          .header("apikey", "top-secret-key").build(), HttpResponse.BodyHandlers.ofString());
      assertThat(viaHeader.statusCode()).isEqualTo(200);
      var echoed = Json.parse(viaHeader.body()).get("headers");
      assertThat(echoed.get("x-consumer-username").asText()).isEqualTo("my-app");
      assertThat(echoed.get("x-consumer-id").asText()).isEqualTo(consumer.json().get("id").asText());
      assertThat(echoed.get("x-credential-identifier").asText()).isEqualTo(key.json().get("id").asText());

      HttpResponse<String> viaQuery = send(http, proxy + "/mock/anything?apikey=top-secret-key");
      assertThat(viaQuery.statusCode()).isEqualTo(200);

      HttpResponse<String> wrong = send(http, proxy + "/mock/anything?apikey=nope");
      assertThat(wrong.statusCode()).isEqualTo(401);
      assertThat(Json.parse(wrong.body()).get("message").asText()).isEqualTo("Unauthorized");
      assertThat(wrong.body()).doesNotContain("nope");
    }
  }

  private static HttpResponse<String> send(HttpClient http, String url) throws Exception {
    return http.send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofString());
  }
}
