package io.gatehouse.core.vault;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.gatehouse.core.json.Json;
import io.gatehouse.testsupport.VaultKvServer;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The {@code hcv} kind against a loopback server speaking Vault's KV HTTP API (no Vault server can be
 * started here): Kong Enterprise's config shape, KV v1 and v2 (with {@code #version}), the token and
 * namespace headers, a secret's field picked by the reference's key.
 */
class HcvVaultTest {
  private final VaultKvServer server = VaultKvServer.start("s.gatehouse").mount("kv1", 1).mount("secret", 2);
  private final Vaults vaults = Vaults.bundled(name -> null);

  @AfterEach
  void stop() {
    server.close();
  }

  private ObjectNode vault(String prefix, String config) {
    ObjectNode c = (ObjectNode) Json.parse(config);
    c.put("port", server.port()).put("host", "127.0.0.1");
    return Json.object().put("prefix", prefix).put("name", "hcv").set("config", c);
  }

  @Test
  void kvV1AndV2WithVersionsAndKeys() {
    server.put("kv1", "app/db", Map.of("password", "one"));
    server.put("secret", "app/api", Map.of("key", "first"));
    server.put("secret", "app/api", Map.of("key", "second", "other", "x"));
    server.put("secret", "app/api", Map.of("key", "third"));
    Vaults.Resolver r = vaults.resolver(List.of(
        vault("hashi-v1", "{\"mount\":\"kv1\",\"token\":\"s.gatehouse\"}"),
        vault("hashi-v2", "{\"mount\":\"secret\",\"kv\":\"v2\",\"token\":\"s.gatehouse\"}")));
    assertThat(r.resolve("{vault://hashi-v1/app/db/password}")).isEqualTo("one");
    // a trailing '/': the whole secret (its data object as JSON), no key
    assertThat(Json.parse(r.resolve("{vault://hashi-v1/app/db/}")).get("password").asText()).isEqualTo("one");
    assertThat(r.resolve("{vault://hashi-v2/app/api/key}")).isEqualTo("third");
    assertThat(r.resolve("{vault://hashi-v2/app/api/key#2}")).as("#N reads version N").isEqualTo("second");
    assertThatThrownBy(() -> r.resolve("{vault://hashi-v2/app/none/key}"))
        .hasMessage("could not get value from external vault (no value found)");
  }

  @Test
  void tokenAndNamespaceAreSent() {
    server.namespace("team-a").put("secret", "ns", Map.of("k", "v"));
    Vaults.Resolver wrong = vaults.resolver(List.of(
        vault("hashi", "{\"kv\":\"v2\",\"token\":\"s.other\",\"namespace\":\"team-a\"}")));
    assertThatThrownBy(() -> wrong.resolve("{vault://hashi/ns/k}")).hasMessage("hcv vault answered 403: permission denied");
    Vaults.Resolver noNamespace = vaults.resolver(List.of(vault("hashi2", "{\"kv\":\"v2\",\"token\":\"s.gatehouse\"}")));
    assertThatThrownBy(() -> noNamespace.resolve("{vault://hashi2/ns/k}")).hasMessageContaining("403");
    Vaults.Resolver right = vaults.resolver(List.of(
        vault("hashi3", "{\"kv\":\"v2\",\"token\":\"s.gatehouse\",\"namespace\":\"team-a\"}")));
    assertThat(right.resolve("{vault://hashi3/ns/k}")).isEqualTo("v");
  }

  @Test
  void kongEnterpriseDefaultsAndChecks() {
    var config = new HcvVault().config();
    ObjectNode defaults = Json.object();
    config.fields().forEach(f -> {
      if (f.hasDefault()) defaults.set(f.name(), f.defaultValue());
    });
    assertThat(defaults.toString()).isEqualTo(
        "{\"protocol\":\"http\",\"host\":\"127.0.0.1\",\"port\":8200,\"mount\":\"secret\",\"kv\":\"v1\",\"auth_method\":\"token\"}");
    Vaults.Resolver noToken = vaults.resolver(List.of(vault("hashi4", "{}")));
    assertThatThrownBy(() -> noToken.resolve("{vault://hashi4/x}")).hasMessageContaining("config.token is required");
  }
}
