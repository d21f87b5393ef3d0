package io.gatehouse.core.vault;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.gatehouse.core.json.Json;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Kong 3.9 pdk/vault.lua (parse_reference, prefix lookup, JSON keys) and vaults/env; plus the file kind. */
class VaultsTest {
  private static final Map<String, String> ENV = Map.of(
      "DB_PASSWORD", "pw1", "DB_PASSWORD_PREVIOUS", "pw0", "SSL_CERT", "{\"key\":\"k1\",\"n\":3}", "TEAM_A_TOKEN", "tok");
  private final Vaults vaults = Vaults.bundled(ENV::get);

  private static ObjectNode vault(String prefix, String name, String config) {
    return Json.object().put("prefix", prefix).put("name", name).set("config", Json.parse(config));
  }

  // Kong parse_reference: {vault://env/cert/key?prefix=SSL_#1}
  @Test
  void referencesParseAsKongDoes() {
    VaultReference r = VaultReference.parse("{vault://env/cert/key?prefix=SSL_#2}");
    assertThat(r).isEqualTo(new VaultReference("env", "cert", "key", Map.of("prefix", "SSL_"), 2));
    assertThat(VaultReference.parse("{vault://env/a/b/}").resource()).isEqualTo("a/b");
    assertThat(VaultReference.parse("{vault://env/a/b/}").key()).isNull();
    assertThatThrownBy(() -> VaultReference.parse("{vault://env/}")).hasMessage("reference url has empty path [{vault://env/}]");
    assertThatThrownBy(() -> VaultReference.parse("{vault://env/x#v}")).hasMessage("reference url has invalid version [{vault://env/x#v}]");
  }

  // Kong vaults/env: prefix .. resource, upper-cased, - as _, version 2 reads _PREVIOUS
  @Test
  void envByKindNameWithQueryPrefixKeyAndVersion() {
    Vaults.Resolver r = vaults.resolver(List.of());
    assertThat(r.resolve("{vault://env/db-password}")).isEqualTo("pw1");
    assertThat(r.resolve("{vault://env/db-password#2}")).isEqualTo("pw0");
    assertThat(r.resolve("{vault://env/cert/key?prefix=ssl_}")).isEqualTo("k1");
    assertThatThrownBy(() -> r.resolve("{vault://env/cert/n?prefix=ssl_}"))
        .hasMessage("unexpected number value in JSON secret for subfield n");
    assertThatThrownBy(() -> r.resolve("{vault://env/nope}")).hasMessage("environment variable 'NOPE' is not set");
  }

  // Kong: a reference's host is a vault kind or a vault entity's prefix; the entity's config applies
  @Test
  void configuredVaultsAreFoundByPrefixWithTheirConfig() {
    Vaults.Resolver r = vaults.resolver(List.of(vault("team-a", "env", "{\"prefix\":\"TEAM_A_\"}")));
    assertThat(r.resolve("{vault://team-a/token}")).isEqualTo("tok");
    assertThatThrownBy(() -> r.resolve("{vault://team-b/token}")).isInstanceOf(VaultException.class)
        .hasMessageContaining("vault 'team-b' is not available");
  }

  // Gatehouse's file kind: files under config.directory, no way out of it
  @Test
  void fileVaultReadsUnderItsDirectory(@TempDir Path dir) throws Exception {
    Files.writeString(dir.resolve("api-key"), "s3cret\n");
    Files.createDirectories(dir.resolve("db"));
    Files.writeString(dir.resolve("db/creds"), "{\"user\":\"app\"}");
    Vaults.Resolver r = vaults.resolver(List.of(vault("mounted", "file", "{\"directory\":\"" + dir + "\"}")));
    assertThat(r.resolve("{vault://mounted/api-key}")).isEqualTo("s3cret");
    assertThat(r.resolve("{vault://mounted/db/creds/user}")).isEqualTo("app");
    assertThatThrownBy(() -> r.resolve("{vault://mounted/..%2F..%2Fetc/passwd}")).hasMessageContaining("outside the vault's directory");
    assertThatThrownBy(() -> r.resolve("{vault://mounted/missing}")).hasMessage("could not get value from external vault (no value found)");
  }

  // Kong's `vaults` setting: `bundled` expands to every bundled kind, `off` loads none, a name not built in stops the node
  @Test
  void theVaultsSettingChoosesTheKinds() {
    assertThat(Vaults.enabled(List.of("bundled"), ENV::get).names()).containsExactly("env", "file", "hcv");
    assertThat(Vaults.enabled(List.of("env"), ENV::get).names()).containsExactly("env");
    assertThat(Vaults.enabled(List.of("hcv", "bundled"), ENV::get).names()).containsExactly("hcv", "env", "file");
    assertThat(Vaults.enabled(List.of("off"), ENV::get).names()).isEmpty();
    assertThatThrownBy(() -> Vaults.enabled(List.of("aws"), ENV::get))
        .hasMessage("vaults: 'aws' is not a vault of this build (env, file, hcv)");
  }
}
