package io.gatehouse.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.gatehouse.proxy.testing.EchoUpstream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 21: Kong's vaults end to end — a vault entity (Admin API or declarative), a plugin field
 * referencing {@code {vault://<prefix>/…}}, and a proxied request showing the secret in effect while
 * the Admin API keeps showing the reference. Uses Gatehouse's file vault (tests cannot set env vars).
 */
class VaultsNodeIT {
  @TempDir Path prefix;
  @TempDir Path secrets;

  // Kong 3.9: http-log's http_endpoint is referenceable; the log goes to the resolved URL
  @Test
  void aPluginFieldReferencingAConfiguredVaultIsInEffect() throws Exception {
    try (EchoUpstream collector = EchoUpstream.start(); WholeNode gw = new WholeNode(prefix, Map.of())) {
      Files.writeString(secrets.resolve("log-endpoint"), collector.url("/logs") + "\n");
      gw.create("/vaults", "{\"prefix\":\"mounted\",\"name\":\"file\",\"config\":{\"directory\":\"" + secrets + "\"}}");
      String route = gw.serviceAndRoute("vaulted", "/vaulted");
      String plugin = gw.create("/routes/" + route + "/plugins",
          "{\"name\":\"http-log\",\"config\":{\"http_endpoint\":\"{vault://mounted/log-endpoint}\"}}").json().get("id").asText();
      assertThat(gw.admin.get("/plugins/" + plugin).json().at("/config/http_endpoint").asText())
          .as("the Admin API shows the reference, never the secret").isEqualTo("{vault://mounted/log-endpoint}");
      // a 200 may come before the plugin reaches the proxy's snapshot: keep requesting until a log arrives
      await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(200)).until(() -> {
        gw.get("/vaulted/x");
        return collector.requests() > 0;
      });
    }
  }

  @Test
  void declarativeVaultsResolveForTheProxy() throws Exception {
    try (EchoUpstream collector = EchoUpstream.start()) {
      Files.writeString(secrets.resolve("endpoint"), collector.url("/logs"));
      Path file = prefix.resolve("kong.yml");
      Files.writeString(file, """
          _format_version: "3.0"
          vaults:
          - prefix: secret-files
            name: file
            config: {directory: "%s"}
          services:
          - name: declared
            url: http://127.0.0.1:1/
            routes:
            - name: declared
              paths: [/declared]
            plugins:
            - name: http-log
              config: {http_endpoint: "{vault://secret-files/endpoint}"}
          """.formatted(secrets));
      try (WholeNode gw = new WholeNode(prefix, Map.of("database", "off", "declarative_config", file.toString()))) {
        assertThat(gw.admin.get("/vaults/secret-files").json().at("/config/directory").asText()).isEqualTo(secrets.toString());
        await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(200)).until(() -> {
          gw.get("/declared");
          return collector.requests() > 0;
        });
      }
    }
  }

  // Kong's `vaults` setting: only the named kinds load; the prefixes a vault may not take are exactly those kinds
  @Test
  void theVaultsSettingLoadsOnlyTheNamedKinds() throws Exception {
    try (WholeNode gw = new WholeNode(prefix, Map.of("vaults", "env"))) {
      var reserved = gw.admin.post("/vaults", "{\"prefix\":\"env\",\"name\":\"env\"}");
      assertThat(reserved.status()).isEqualTo(400);
      assertThat(reserved.json().at("/fields/prefix").asText()).isEqualTo("must not be one of: env");
      assertThat(gw.admin.post("/vaults", "{\"prefix\":\"secrets\",\"name\":\"file\",\"config\":{\"directory\":\"/tmp\"}}")
          .status()).as("the file kind is not loaded").isEqualTo(400);
      assertThat(gw.admin.post("/vaults", "{\"prefix\":\"file\",\"name\":\"env\"}").status())
          .as("a prefix named after a kind that is not loaded is free").isEqualTo(201);
    }
  }
}
