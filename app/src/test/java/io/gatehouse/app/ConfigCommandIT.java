package io.gatehouse.app;

import static org.assertj.core.api.Assertions.assertThat;

import io.gatehouse.admin.AdminApi;
import io.gatehouse.app.settings.SettingsLoader;
import io.gatehouse.core.json.Json;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code gatehouse config …} against files, an embedded store and a running node (SQLite). */
class ConfigCommandIT {
  @TempDir Path dir;

  record Run(int status, String out, String err) {}

  private Run run(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CommandLine cli = Main.commandLine();
    cli.setOut(new PrintWriter(out, true));
    cli.setErr(new PrintWriter(err, true));
    int status = cli.execute(args);
    return new Run(status, out.toString(), err.toString());
  }

  private Path file(String name, String text) throws Exception {
    Path f = dir.resolve(name);
    Files.writeString(f, text);
    return f;
  }

  private static final String FILE = """
      _format_version: "3.0"
      services:
      - name: catalog
        url: http://catalog.internal:8080
        tags: [team-a]
        routes:
        - {name: catalog, paths: [/catalog], tags: [team-a]}
      - name: billing
        host: billing.internal
        tags: [team-b]
      consumers:
      - {username: alice, tags: [team-a]}
      upstreams:
      - name: catalog.internal
        tags: [team-a]
        targets: [{target: 10.0.0.1:8080, tags: [team-a]}]
      """;

  @Test
  void parseValidatesRoutesWithTheRouterFlavorOfTheConf() throws Exception {
    Path yml = file("expr.yml", "_format_version: '3.0'\nroutes:\n- name: e\n  expression: 'http.path ^= \"/e\"'\n  priority: 2\n");
    Path conf = file("expr.conf", "router_flavor = expressions\nprefix = " + dir.resolve("p") + "\n");
    assertThat(run("config", "parse", "-c", conf.toString(), yml.toString()).status()).isZero();
    Run traditional = run("config", "parse", yml.toString());
    assertThat(traditional.status()).isEqualTo(1);
    assertThat(traditional.err()).contains("expression").contains("unknown field");
    Path bad = file("bad-expr.yml", "_format_version: '3.0'\nroutes:\n- name: e\n  expression: 'http.path ^= 1'\n");
    Run invalid = run("config", "parse", "-c", conf.toString(), bad.toString());
    assertThat(invalid.status()).isEqualTo(1);
    assertThat(invalid.err()).contains("Router Expression failed validation: Type mismatch");
  }

  @Test
  void parseReportsProblemsWithPositionsAndExitsNonZero() throws Exception {
    assertThat(run("config", "parse", file("good.yml", FILE).toString()))
        .satisfies(r -> assertThat(r.status()).isZero())
        .satisfies(r -> assertThat(r.out()).contains("parse successful: 6 entities"));
    Path bad = file("bad.yml", "_format_version: '3.0'\nroutes:\n- name: r\n  service: ghost\n  paths: [/x]\n");
    Run r = run("config", "validate", bad.toString());
    assertThat(r.status()).isEqualTo(1);
    assertThat(r.err()).contains(bad + ": routes.r: invalid reference 'service: ghost' (no such entry in 'services')");
    Run syntax = run("config", "parse", file("syntax.yml", "_format_version: '3.0'\nservices: [\n").toString());
    assertThat(syntax.status()).isEqualTo(1);
    assertThat(syntax.err()).contains("failed parsing declarative configuration").contains("line ");
  }

  @Test
  void dbExportThenImportIntoAnEmptyStoreThenExportIsByteIdentical() throws Exception {
    Path a = dir.resolve("a");
    Path b = dir.resolve("b");
    assertThat(run("config", "db_import", file("in.yml", FILE).toString(), "--prefix", a.toString(), "-q").status()).isZero();
    Path first = dir.resolve("first.yml");
    assertThat(run("config", "db_export", first.toString(), "--prefix", a.toString()).status()).isZero();
    assertThat(run("config", "db_import", first.toString(), "--prefix", b.toString(), "-q").status()).isZero();
    Path second = dir.resolve("second.yml");
    assertThat(run("config", "db_export", second.toString(), "--prefix", b.toString()).status()).isZero();
    assertThat(Files.readString(second)).isEqualTo(Files.readString(first)).contains("name: catalog");
    Run again = run("config", "db_export", second.toString(), "--prefix", b.toString());
    assertThat(again.status()).isEqualTo(1);
    assertThat(again.err()).contains("already exists");
  }

  /** decK's {@code _workspace}: a file goes to its workspace (created), and exports one workspace at a time. */
  @Test
  void aWorkspaceFileImportsIntoItsWorkspaceAndExportsWithItsWorkspaceKey() throws Exception {
    Path a = dir.resolve("ws");
    assertThat(run("config", "db_import", file("default.yml", FILE).toString(), "--prefix", a.toString(), "-q").status()).isZero();
    String teamFile = """
        _format_version: "3.0"
        _workspace: team-x
        services:
        - name: catalog
          id: 6f8f9a64-0d4e-4c55-9d0e-0000000000aa
          url: http://team-x.internal:8080
          routes:
          - {name: catalog, id: 6f8f9a64-0d4e-4c55-9d0e-0000000000ab, paths: [/team-x]}
        """;
    Run in = run("config", "db_import", file("team.yml", teamFile).toString(), "--prefix", a.toString());
    assertThat(in.status()).as(in.err()).isZero();
    assertThat(in.out()).contains("import successful: 2 entities into workspace team-x");

    Path defaults = dir.resolve("default-out.yml");
    assertThat(run("config", "db_export", defaults.toString(), "--prefix", a.toString()).status()).isZero();
    assertThat(Files.readString(defaults)).doesNotContain("team-x").doesNotContain("_workspace").contains("catalog.internal");
    Path team = dir.resolve("team-out.yml");
    Run out = run("config", "db_export", team.toString(), "--prefix", a.toString(), "--workspace", "team-x");
    assertThat(out.status()).as(out.err()).isZero();
    assertThat(Files.readString(team)).contains("_workspace: team-x").contains("team-x.internal").contains("/team-x")
        .doesNotContain("catalog.internal").doesNotContain("billing");

    // re-importing its own export is a no-op upsert into the same workspace
    assertThat(run("config", "db_import", team.toString(), "--prefix", a.toString(), "-q").status()).isZero();
    Run missing = run("config", "db_export", dir.resolve("none.yml").toString(), "--prefix", a.toString(), "--workspace", "nope");
    assertThat(missing.status()).isEqualTo(1);
    assertThat(missing.err()).contains("no workspace named 'nope'");
    Run badName = run("config", "db_import", file("bad-ws.yml", "_format_version: '3.0'\n_workspace: services\n").toString(),
        "--prefix", a.toString());
    assertThat(badName.status()).isEqualTo(1);
    assertThat(badName.err()).contains("_workspace: must not be one of");
  }

  /** Issue 19: the same file into two workspaces makes two independent sets; a real id clash changes nothing. */
  @org.junit.jupiter.params.ParameterizedTest
  @org.junit.jupiter.params.provider.EnumSource(StoreKind.class)
  void theSameFileImportsIntoTwoWorkspacesIndependentlyAndAnIdOfAnotherIsRefused(StoreKind kind) throws Exception {
    StringBuilder conf = new StringBuilder("prefix = " + dir.resolve("p-" + kind) + "\n");
    kind.settings().forEach((k, v) -> conf.append(k).append(" = ").append(v).append('\n'));
    String c = file("node-" + kind + ".conf", conf.toString()).toString();
    assertThat(run("config", "db_import", file("d.yml", FILE).toString(), "-c", c, "-q").status()).isZero();
    Path before = dir.resolve("default-before-" + kind + ".yml");
    assertThat(run("config", "db_export", before.toString(), "-c", c).status()).isZero();
    for (String ws : List.of("team-a", "team-b")) {
      Run in = run("config", "db_import", file(ws + ".yml", "_workspace: " + ws + "\n" + FILE).toString(), "-c", c);
      assertThat(in.status()).as(in.err()).isZero();
    }
    Path after = dir.resolve("default-after-" + kind + ".yml");
    assertThat(run("config", "db_export", after.toString(), "-c", c).status()).isZero();
    assertThat(Files.readString(after)).isEqualTo(Files.readString(before)); // nothing moved out of default
    Path a = dir.resolve("a-" + kind + ".yml");
    Path b = dir.resolve("b-" + kind + ".yml");
    assertThat(run("config", "db_export", a.toString(), "-c", c, "--workspace", "team-a").status()).isZero();
    assertThat(run("config", "db_export", b.toString(), "-c", c, "--workspace", "team-b").status()).isZero();
    assertThat(Files.readString(a)).contains("name: catalog", "username: alice", "10.0.0.1:8080");
    assertThat(Files.readString(b).replace("team-b", "team-a")).isNotEqualTo(Files.readString(a)); // other ids
    String defaultId = io.gatehouse.core.declarative.Uuid5.forEntity("services", "catalog"); // default's catalog
    assertThat(Files.readString(before)).contains(defaultId);

    String thief = """
        _format_version: "3.0"
        _workspace: team-c
        services:
        - {name: fine, host: fine.internal}
        - {name: thief, id: %s, host: t.internal}
        """.formatted(defaultId);
    Run refused = run("config", "db_import", file("thief.yml", thief).toString(), "-c", c);
    assertThat(refused.status()).isEqualTo(1);
    assertThat(refused.err()).contains("services 'thief' (id " + defaultId + "): the id belongs to an entity of workspace 'default'")
        .contains("nothing was imported");
    Path afterThief = dir.resolve("default-thief-" + kind + ".yml");
    assertThat(run("config", "db_export", afterThief.toString(), "-c", c).status()).isZero();
    assertThat(Files.readString(afterThief)).isEqualTo(Files.readString(before));
    Run noWorkspace = run("config", "db_export", dir.resolve("c-" + kind + ".yml").toString(), "-c", c, "--workspace", "team-c");
    assertThat(noWorkspace.err()).contains("no workspace named 'team-c'"); // the failed import left no workspace behind
  }

  @Test
  void keysKeySetsAndMtlsCredentialsRoundTripThroughExportAndImport() throws Exception {
    java.security.KeyPairGenerator g = java.security.KeyPairGenerator.getInstance("EC");
    g.initialize(256);
    java.security.KeyPair pair = g.generateKeyPair();
    var ec = (java.security.interfaces.ECPublicKey) pair.getPublic();
    var b64 = java.util.Base64.getUrlEncoder().withoutPadding();
    String jwk = Json.object().put("kty", "EC").put("crv", "P-256").put("kid", "ec-1")
        .put("x", b64.encodeToString(fixed(ec.getW().getAffineX().toByteArray())))
        .put("y", b64.encodeToString(fixed(ec.getW().getAffineY().toByteArray()))).toString();
    String pub = "-----BEGIN PUBLIC KEY-----\n" + java.util.Base64.getMimeEncoder(64, "\n".getBytes())
        .encodeToString(pair.getPublic().getEncoded()) + "\n-----END PUBLIC KEY-----\n";
    String ca = io.gatehouse.proxy.testing.TestPki.root("Export Root").certificatePem();
    String file = "_format_version: \"3.0\"\n"
        + "key_sets:\n- {id: 5f1b3b4e-34bd-4ac6-9d0c-2d9e0c0f5a12, name: signing}\n"
        + "keys:\n- {name: ec-jwk, kid: ec-1, set: {name: signing}, jwk: " + Json.MAPPER.writeValueAsString(jwk) + "}\n"
        + "- {name: ec-pem, kid: ec-2, pem: {public_key: " + Json.MAPPER.writeValueAsString(pub) + "}}\n"
        + "ca_certificates:\n- {id: 6f1b3b4e-34bd-4ac6-9d0c-2d9e0c0f5a13, cert: " + Json.MAPPER.writeValueAsString(ca) + "}\n"
        + "consumers:\n- username: device-owner\n  mtls_auth_credentials:\n"
        + "  - {subject_name: device.example, ca_certificate: {id: 6f1b3b4e-34bd-4ac6-9d0c-2d9e0c0f5a13}}\n";
    Path a = dir.resolve("ka");
    Path b = dir.resolve("kb");
    Run in = run("config", "db_import", file("keys.yml", file).toString(), "--prefix", a.toString(), "-q");
    assertThat(in.status()).as(in.err()).isZero();
    Path first = dir.resolve("keys-first.yml");
    assertThat(run("config", "db_export", first.toString(), "--prefix", a.toString()).status()).isZero();
    assertThat(run("config", "db_import", first.toString(), "--prefix", b.toString(), "-q").status()).isZero();
    Path second = dir.resolve("keys-second.yml");
    assertThat(run("config", "db_export", second.toString(), "--prefix", b.toString()).status()).isZero();
    assertThat(Files.readString(second)).isEqualTo(Files.readString(first))
        .contains("key_sets:", "name: ec-jwk", "kid: ec-2", "subject_name: device.example", "6f1b3b4e-34bd-4ac6-9d0c-2d9e0c0f5a13");
  }

  /** A 32-byte big-endian coordinate (BigInteger adds a sign byte or drops leading zeros). */
  private static byte[] fixed(byte[] v) {
    byte[] out = new byte[32];
    int n = Math.min(32, v.length);
    System.arraycopy(v, v.length - n, out, 32 - n, n);
    return out;
  }

  @Test
  void syncDiffAndDumpAgainstARunningNode() throws Exception {
    Path prefix = dir.resolve("node");
    var settings = new SettingsLoader(Map.of(), List.of(), prefix).load(null, Map.of("prefix", prefix.toString(),
        "status_listen", "off", "admin_listen", "127.0.0.1:0", "proxy_listen", "127.0.0.1:0"));
    try (Node node = Node.start(settings)) {
      String url = "http://127.0.0.1:" + node.component(AdminApi.class).orElseThrow().address().getPort();
      Path desired = file("desired.yml", FILE);

      Run diff = run("config", "diff", desired.toString(), "--admin-url", url, "--json");
      var created = Json.parse(diff.out()).get("created");
      assertThat(created).hasSize(6);
      assertThat(run("config", "sync", desired.toString(), "--dry-run", "--admin-url", url).out()).contains("create services catalog");
      assertThat(run("config", "diff", desired.toString(), "--admin-url", url).out()).contains("6 created");

      Run sync = run("config", "sync", desired.toString(), "--admin-url", url);
      assertThat(sync.status()).as(sync.err()).isZero();
      assertThat(run("config", "diff", desired.toString(), "--admin-url", url).out().strip()).isEqualTo("no changes");

      // dump → sync of the dump is a no-op
      Run dump = run("config", "dump", "--admin-url", url);
      Path dumped = file("dump.yml", dump.out());
      assertThat(dump.out()).startsWith("_format_version: \"3.0\"\n_transform: false\n").doesNotContain("created_at");
      assertThat(run("config", "diff", dumped.toString(), "--admin-url", url).out().strip()).isEqualTo("no changes");

      // an edit shows as an update with the changed fields; a removal as a deletion
      Path edited = file("edited.yml", FILE.replace("billing.internal", "billing-v2.internal")
          .replace("- {username: alice, tags: [team-a]}\n", ""));
      Run changes = run("config", "diff", edited.toString(), "--admin-url", url, "--json");
      var json = Json.parse(changes.out());
      assertThat(json.get("updated").get(0).get("name").asText()).isEqualTo("billing");
      assertThat(json.get("updated").get(0).get("fields")).containsExactly(Json.NODES.textNode("host"));
      assertThat(json.get("deleted").get(0).get("name").asText()).isEqualTo("alice");

      // --select-tag: team-b's file leaves team-a's entities alone
      Path teamB = file("team-b.yml", """
          _format_version: "3.0"
          services:
          - {name: billing, host: billing-b.internal}
          """);
      Run scoped = run("config", "sync", teamB.toString(), "--select-tag", "team-b", "--admin-url", url);
      assertThat(scoped.status()).as(scoped.err()).isZero();
      Run after = run("config", "diff", desired.toString(), "--admin-url", url, "--json");
      var afterJson = Json.parse(after.out());
      assertThat(afterJson.get("deleted")).isEmpty();
      assertThat(afterJson.get("updated")).hasSize(1);
      assertThat(afterJson.get("updated").get(0).get("fields")).containsExactly(Json.NODES.textNode("host"));
    }
  }

  @Test
  void initWritesAFileThatParses() throws Exception {
    Path f = dir.resolve("kong.yml");
    assertThat(run("config", "init", f.toString()).status()).isZero();
    assertThat(run("config", "parse", f.toString()).status()).isZero();
    assertThat(run("config", "init", f.toString()).status()).isEqualTo(1);
  }
}
