package io.gatehouse.sdk;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The SDK is everything a plugin author sees, so it names no gateway internals, Jackson or Netty:
 * once the old {@code io.gatehouse.plugin} API is gone, plugin-api drops its dependency on core.
 */
class SdkSurfaceTest {
  private static final Path SDK = Path.of("src", "main", "java", "io", "gatehouse", "sdk");

  @Test
  void sdk_sources_import_only_the_jdk_jspecify_and_the_sdk() throws IOException {
    List<String> imports;
    try (Stream<Path> files = Files.list(SDK)) {
      imports = files.flatMap(SdkSurfaceTest::lines)
          .filter(l -> l.startsWith("import ") || l.contains("io.gatehouse.core") || l.contains("com.fasterxml")
              || l.contains("io.netty") || l.contains("io.gatehouse.plugin."))
          .filter(l -> !l.matches("import (static )?(java\\.|org\\.jspecify\\.).*"))
          .toList();
    }
    assertThat(imports).isEmpty();
  }

  private static Stream<String> lines(Path p) {
    try {
      return Files.readAllLines(p).stream().map(String::strip);
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }
}
