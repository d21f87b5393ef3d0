package io.gatehouse.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import picocli.CommandLine;

/**
 * Issue 21: real declarative files from public repositories (sources in
 * {@code declarative/real/SOURCES.md}), unchanged, each of which Kong 3.9 loads: {@code config parse}
 * (the loader behind {@code POST /config}) must accept every one, except files in KNOWN_GAPS, which
 * must fail on their named missing feature only.
 */
class RealDeclarativeFilesIT {
  /** Files that fail only on a feature another issue brings: file → the one error allowed. */
  private static final Map<String, String> KNOWN_GAPS = Map.of(
      "kong-spec-fixtures-burst.yml", "plugin 'prometheus' not enabled");

  static Stream<Path> files() throws Exception {
    Path dir = realDir();
    try (Stream<Path> all = Files.list(dir)) {
      List<Path> yaml = all.filter(p -> p.toString().endsWith(".yml") || p.toString().endsWith(".yaml")).sorted().toList();
      assertThat(yaml).as("the corpus").hasSizeGreaterThanOrEqualTo(2);
      return yaml.stream();
    }
  }

  private static Path realDir() throws URISyntaxException {
    return Path.of(RealDeclarativeFilesIT.class.getResource("/declarative/real/SOURCES.md").toURI()).getParent();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("files")
  void kongLoadsItSoDoWe(Path file) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CommandLine cli = Main.commandLine();
    cli.setOut(new PrintWriter(out, true));
    cli.setErr(new PrintWriter(err, true));
    int status = cli.execute("config", "parse", file.toString());
    String gap = KNOWN_GAPS.get(file.getFileName().toString());
    if (gap == null) {
      assertThat(status).as(file.getFileName() + ": " + err).isZero();
      return;
    }
    // a named gap: the file must fail on that and nothing else
    assertThat(status).isEqualTo(1);
    List<String> problems = err.toString().lines().filter(l -> !l.startsWith("Error: invalid declarative configuration")).toList();
    assertThat(problems).as(file.getFileName() + ": " + err).isNotEmpty().allSatisfy(l -> assertThat(l).contains(gap));
  }
}
