package io.gatehouse.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The old plugin API ({@code io.gatehouse.plugin}, before the SDK) is deleted: plugins and the
 * runtime speak only {@code io.gatehouse.sdk}. The app module sees every module, so its class path
 * and the repository's sources are where the old package would come back.
 */
class OldPluginApiGoneTest {
  // spelled in two pieces so this file does not name the package it looks for
  private static final String OLD = "io.gatehouse." + "plugin";
  private static final Pattern USE = Pattern.compile(Pattern.quote(OLD) + "(\\.[A-Za-z]|;)");

  @Test
  void no_module_on_the_class_path_holds_the_old_package() throws IOException {
    List<URL> found = Collections.list(getClass().getClassLoader().getResources(OLD.replace('.', '/')));
    assertThat(found).isEmpty();
    assertThat(getClass().getClassLoader().getResources("META-INF/services/" + OLD + ".Plugin").hasMoreElements())
        .isFalse();
  }

  @Test
  void no_source_file_declares_or_imports_it() throws IOException {
    Path root = Path.of("..").toAbsolutePath().normalize();
    assertThat(root.resolve("plugin-api/src/main/java/io/gatehouse/sdk")).isDirectory(); // we are where we think
    List<String> offenders;
    try (Stream<Path> files = Files.walk(root)) {
      offenders = files
          .filter(p -> !p.toString().contains("/target/") && !p.toString().contains("/.git/")
              && !p.toString().contains("/node_modules/"))
          .filter(p -> p.toString().contains("/src/") && Files.isRegularFile(p))
          .filter(p -> p.toString().endsWith(".java") || p.toString().contains("/META-INF/services/"))
          .filter(p -> p.getFileName().toString().startsWith(OLD + ".") || USE.matcher(read(p)).find())
          .map(p -> root.relativize(p).toString())
          .toList();
    }
    assertThat(offenders).isEmpty();
  }

  private static String read(Path p) {
    try {
      return Files.readString(p);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
