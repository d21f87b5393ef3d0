package io.gatehouse.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * Issue 20 offline: {@code config db_import} reads a file's {@code _gatehouse_products} into the portal's tables
 * through the portal's own code (guards written as {@code /portal/products} writes them), {@code db_export} writes
 * them back; a bad product fails the import with nothing written, and a node whose portal is off refuses the section.
 */
class ConfigProductsCommandIT {
  @TempDir Path dir;

  record Run(int status, String out, String err) {}

  private Run run(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CommandLine cli = Main.commandLine();
    cli.setOut(new PrintWriter(out, true));
    cli.setErr(new PrintWriter(err, true));
    return new Run(cli.execute(args), out.toString(), err.toString());
  }

  private static final String FILE = """
      _format_version: "3.0"
      services:
      - name: weather
        url: http://weather.internal:8080
        routes:
        - {name: weather, paths: [/weather]}
      _gatehouse_products:
      - name: Weather
        description: Forecasts
        service_ids: [weather]
        plans: [{name: basic, hour: 3}]
        auto_approve: true
      """;

  @Test
  void dbImportWritesProductsWithTheirGuardsAndDbExportWritesThemBack() throws Exception {
    Path prefix = dir.resolve("node");
    Path conf = Files.writeString(dir.resolve("portal.conf"), "portal = on\n");
    Path in = Files.writeString(dir.resolve("in.yml"), FILE);
    Run imported = run("config", "db_import", in.toString(), "-c", conf.toString(), "--prefix", prefix.toString());
    assertThat(imported.status()).as(imported.toString()).isZero();
    // twice: products are matched by name, never duplicated
    assertThat(run("config", "db_import", in.toString(), "-c", conf.toString(), "--prefix", prefix.toString()).status())
        .isZero();

    Path out = dir.resolve("out.yml");
    Run exported = run("config", "db_export", out.toString(), "-c", conf.toString(), "--prefix", prefix.toString());
    assertThat(exported.status()).as(exported.toString()).isZero();
    String yaml = Files.readString(out);
    assertThat(yaml).contains("_gatehouse_products:", "name: Weather", "description: Forecasts", "- weather",
        "name: basic", "auto_approve: true");
    assertThat(yaml.split("name: Weather", -1)).hasSize(2);
    // the guards the portal writes for a product: key-auth and acl on its service, tagged for operators
    assertThat(yaml).contains("name: key-auth", "name: acl", "gatehouse-portal");

    // a product naming a service the file lacks: code 14, and not even the file's new service is written
    Path bad = Files.writeString(dir.resolve("bad.yml"), """
        _format_version: "3.0"
        services:
        - {name: extra, url: http://extra.internal}
        _gatehouse_products:
        - {name: Extra, service_ids: [nope]}
        """);
    Run refused = run("config", "db_import", bad.toString(), "-c", conf.toString(), "--prefix", prefix.toString());
    assertThat(refused.status()).isEqualTo(1);
    assertThat(refused.err()).contains("\"code\":14", "_gatehouse_products", "nope", "nothing was imported");
    Path after = dir.resolve("after.yml");
    assertThat(run("config", "db_export", after.toString(), "-c", conf.toString(), "--prefix", prefix.toString()).status())
        .isZero();
    assertThat(Files.readString(after)).doesNotContain("extra.internal", "name: Extra");

    // the portal off: the node keeps no products, so the section is an error rather than silently dropped
    Run off = run("config", "db_import", in.toString(), "--prefix", dir.resolve("off").toString());
    assertThat(off.status()).isEqualTo(1);
    assertThat(off.err()).contains("the portal is off");
  }
}
