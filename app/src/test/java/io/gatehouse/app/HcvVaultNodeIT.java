package io.gatehouse.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.gatehouse.proxy.testing.EchoUpstream;
import io.gatehouse.testsupport.VaultKvServer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 21: an {@code hcv} vault entity (Kong Enterprise's config: host, port, mount, kv v2, token)
 * read through a loopback server speaking Vault's KV HTTP API (no Vault server can be started here),
 * with Kong's rotation fields: within {@code ttl} a secret is not read again however often the
 * configuration is rebuilt; past it the rotation timer reads it again and the new secret takes
 * effect on the proxy without any write.
 */
class HcvVaultNodeIT {
  @TempDir Path prefix;

  // Kong 3.9: http-log's http_endpoint is referenceable; the log goes where the secret points
  @Test
  void aRotatedSecretTakesEffectAfterItsTtl() throws Exception {
    try (VaultKvServer vault = VaultKvServer.start("s.node-token").mount("secret", 2);
        EchoUpstream first = EchoUpstream.start(); EchoUpstream second = EchoUpstream.start();
        WholeNode gw = new WholeNode(prefix, Map.of("vault_rotation_interval", "0.2"))) {
      vault.put("secret", "gatehouse/logging", Map.of("endpoint", first.url("/logs")));
      gw.create("/vaults", "{\"prefix\":\"hashi\",\"name\":\"hcv\",\"config\":{\"host\":\"127.0.0.1\",\"port\":"
          + vault.port() + ",\"kv\":\"v2\",\"token\":\"s.node-token\",\"ttl\":4}}");
      String route = gw.serviceAndRoute("hcv-logged", "/hcv-logged");
      gw.create("/routes/" + route + "/plugins",
          "{\"name\":\"http-log\",\"config\":{\"http_endpoint\":\"{vault://hashi/gatehouse/logging/endpoint}\"}}");
      await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(100)).until(() -> {
        gw.get("/hcv-logged/x");
        return first.requests() > 0;
      });
      int readsAfterFirst = vault.reads();
      // rebuilds within the ttl do not read the secret again
      gw.create("/consumers", "{\"username\":\"hcv-a\"}");
      gw.create("/consumers", "{\"username\":\"hcv-b\"}");
      var feed = gw.node.component(io.gatehouse.control.SnapshotFeed.class).orElseThrow();
      var store = gw.node.component(io.gatehouse.store.ConfigStore.class).orElseThrow();
      await().atMost(Duration.ofSeconds(5)).until(() -> feed.appliedVersion() == store.version());
      assertThat(vault.reads()).as("cached within ttl").isEqualTo(readsAfterFirst);

      vault.put("secret", "gatehouse/logging", Map.of("endpoint", second.url("/logs")));
      await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(100)).until(() -> {
        gw.get("/hcv-logged/x");
        return second.requests() > 0;
      });
      assertThat(vault.reads()).as("read again after the ttl").isGreaterThan(readsAfterFirst);
    }
  }
}
