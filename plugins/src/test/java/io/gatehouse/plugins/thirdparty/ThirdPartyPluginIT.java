package io.gatehouse.plugins.thirdparty;

import static io.gatehouse.plugins.testing.PluginGateway.ref;
import static io.gatehouse.plugins.testing.PluginGateway.upstreamHeaders;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.gatehouse.proxy.plugins.LoadedPlugins;
import io.gatehouse.plugins.testing.PluginGateway;
import java.io.File;
import java.io.IOException;
import java.net.URL;
import java.net.URLClassLoader;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.stream.Stream;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The example in {@code examples/hello-header} is compiled into its own jar, loaded through a
 * separate class loader and enabled with {@code plugins = bundled,hello-header}: no change to
 * Gatehouse needed.
 */
class ThirdPartyPluginIT {
  private static final Path EXAMPLE = Path.of("..", "examples", "hello-header", "src", "main");

  @TempDir Path work;

  @Test
  void example_jar_is_enabled_by_name() throws Exception {
    Path jar = buildJar();
    try (URLClassLoader loader = new URLClassLoader(new URL[] {jar.toUri().toURL()}, getClass().getClassLoader())) {
      assertThatThrownBy(() -> LoadedPlugins.load(List.of("bundled", "hello-header"), getClass().getClassLoader()))
          .hasMessageContaining("plugin 'hello-header' is enabled but not installed");
      LoadedPlugins plugins = LoadedPlugins.load(List.of("bundled", "hello-header"), loader);
      assertThat(plugins.find("key-auth")).isNotNull();
      assertThat(LoadedPlugins.load(List.of("bundled"), loader).find("hello-header")).as("not bundled").isNull();
      try (PluginGateway gw = new PluginGateway(plugins)) {
        gw.plugin("hello-header", "{\"greeting\":\"hi there\",\"echo_to_client\":true}", ref("route", gw.serviceAndRoute("/hello")));
        gw.apply();
        HttpResponse<String> r = gw.get("/hello");
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(upstreamHeaders(r).get("x-hello").asText()).isEqualTo("hi there");
        assertThat(r.headers().firstValue("X-Hello")).hasValue("hi there");
      }
    }
  }

  /** javac + jar, as the example's own Maven build would. */
  private Path buildJar() throws IOException {
    Path classes = Files.createDirectories(work.resolve("classes"));
    List<String> sources;
    try (Stream<Path> s = Files.walk(EXAMPLE.resolve("java"))) {
      sources = s.filter(p -> p.toString().endsWith(".java")).map(Path::toString).toList();
    }
    List<String> args = new ArrayList<>(List.of("-d", classes.toString(), "-cp", System.getProperty("java.class.path"),
        "--release", "21", "-proc:none"));
    args.addAll(sources);
    int rc = ToolProvider.getSystemJavaCompiler().run(null, null, null, args.toArray(String[]::new));
    assertThat(rc).as("example compiles").isZero();
    Path jar = work.resolve("hello-header.jar");
    try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar))) {
      for (Path root : List.of(classes, EXAMPLE.resolve("resources"))) {
        try (Stream<Path> files = Files.walk(root)) {
          for (Path f : files.filter(Files::isRegularFile).toList()) {
            out.putNextEntry(new JarEntry(root.relativize(f).toString().replace(File.separatorChar, '/')));
            Files.copy(f, out);
            out.closeEntry();
          }
        }
      }
    }
    return jar;
  }
}
