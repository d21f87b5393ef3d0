package io.gatehouse.app;

import static org.assertj.core.api.Assertions.assertThat;

import io.gatehouse.admin.AdminApi;
import io.gatehouse.admin.testing.AdminClient;
import io.gatehouse.app.settings.SettingsLoader;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import picocli.CommandLine;

/**
 * Issue 21: real declarative files from public repositories (sources in
 * {@code declarative/real/SOURCES.md}), unchanged, each of which Kong 3.9 loads. Every file must pass
 * {@code config parse} and load into a running DB-less node through {@code POST /config} (201) —
 * except files in KNOWN_GAPS, which must fail with only the named missing features and leave the
 * node's configuration as it was.
 */
class RealDeclarativeFilesIT {
  /**
   * Files that fail only on a feature another issue brings: file → the errors allowed (each error
   * line must contain one of them). When the feature lands, the file's entry goes.
   */
  private static final Map<String, List<String>> KNOWN_GAPS = Map.of();

  private static Path prefix;
  private static Node node;
  private static AdminClient admin;

  @BeforeAll
  static void startDblessNode() throws Exception {
    prefix = Files.createTempDirectory("real-declarative");
    Map<String, String> conf = Map.of("prefix", prefix.toString(), "status_listen", "off",
        "admin_listen", "127.0.0.1:0", "proxy_listen", "127.0.0.1:0", "database", "off");
    node = Node.start(new SettingsLoader(Map.of(), List.of(), prefix).load(null, conf));
    admin = new AdminClient("http://127.0.0.1:" + node.component(AdminApi.class).orElseThrow().address().getPort());
  }

  @AfterAll
  static void stopNode() throws IOException {
    if (node != null) {
      node.close();
    }
    try (Stream<Path> files = Files.walk(prefix)) {
      files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    }
  }

  static Stream<Path> files() throws Exception {
    Path dir = realDir();
    try (Stream<Path> all = Files.list(dir)) {
      List<Path> yaml = all.filter(p -> p.toString().endsWith(".yml") || p.toString().endsWith(".yaml")).sorted().toList();
      assertThat(yaml).as("the corpus").hasSizeGreaterThanOrEqualTo(80);
      return yaml.stream();
    }
  }

  private static Path realDir() throws URISyntaxException {
    return Path.of(RealDeclarativeFilesIT.class.getResource("/declarative/real/SOURCES.md").toURI()).getParent();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("files")
  void kongLoadsItSoDoWe(Path file) throws IOException {
    String name = file.getFileName().toString();
    List<String> gaps = KNOWN_GAPS.get(name);
    StringWriter err = new StringWriter();
    int status = configParse(file, err);
    String before = admin.get("/config").json().get("config").asText();
    AdminClient.Resp posted = admin.raw("POST", "/config", "application/yaml", Files.readAllBytes(file));
    if (gaps == null) {
      assertThat(status).as(name + ": " + err).isZero();
      assertThat(posted.status()).as(name + ": " + posted.text()).isEqualTo(201);
      return;
    }
    // a named gap: the file must fail on those features and nothing else, on both paths
    assertThat(status).isEqualTo(1);
    List<String> problems = err.toString().lines().filter(l -> !l.startsWith("Error: invalid declarative configuration")).toList();
    assertThat(problems).as(name + ": " + err).isNotEmpty()
        .allSatisfy(l -> assertThat(gaps).as(l).anySatisfy(gap -> assertThat(l).contains(gap)));
    assertThat(posted.status()).as(name + ": " + posted.text()).isEqualTo(400);
    assertThat(admin.get("/config").json().get("config").asText()).as("a refused file changes nothing").isEqualTo(before);
  }

  private static int configParse(Path file, StringWriter err) {
    CommandLine cli = Main.commandLine();
    cli.setOut(new PrintWriter(new StringWriter(), true));
    cli.setErr(new PrintWriter(err, true));
    return cli.execute("config", "parse", file.toString());
  }
}
