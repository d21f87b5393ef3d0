package io.gatehouse.sdk;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The SDK is everything a plugin author sees, so it names no gateway internals, Jackson or Netty,
 * and the plugin-api module depends on nothing: its sources import only the JDK and jspecify, its
 * pom declares no dependency, and none of those libraries is on its class path.
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

  @Test
  void the_module_declares_no_dependency() throws IOException {
    String pom = Files.readString(Path.of("pom.xml"));
    assertThat(pom).contains("<artifactId>gatehouse-plugin-api</artifactId>").doesNotContain("<dependency>");
  }

  @Test
  void no_gateway_module_jackson_or_netty_is_on_the_class_path() {
    for (String name : List.of("io.gatehouse.core.json.Json", "io.gatehouse.net.FormCodec",
        "com.fasterxml.jackson.databind.ObjectMapper", "io.netty.buffer.ByteBuf", "org.slf4j.Logger")) {
      assertThat(loadable(name)).as(name).isFalse();
    }
    assertThat(loadable("org.jspecify.annotations.Nullable")).isTrue(); // the check itself works
  }

  private static boolean loadable(String name) {
    try {
      Class.forName(name, false, SdkSurfaceTest.class.getClassLoader());
      return true;
    } catch (ClassNotFoundException e) {
      return false;
    }
  }

  private static Stream<String> lines(Path p) {
    try {
      return Files.readAllLines(p).stream().map(String::strip);
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }
}
