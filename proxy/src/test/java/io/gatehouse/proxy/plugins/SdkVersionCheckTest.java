package io.gatehouse.proxy.plugins;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.gatehouse.sdk.SdkVersion;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A third-party jar records the plugin API it was built against; an incompatible one is refused at load. */
class SdkVersionCheckTest {
  private static final String SOURCE = """
      package com.example.versioned;
      @io.gatehouse.sdk.PluginInfo(name = "versioned", priority = 1, version = "1.0.0")
      public final class VersionedPlugin implements io.gatehouse.sdk.Plugin<VersionedPlugin.Config> {
        public record Config(@io.gatehouse.sdk.Default("x") String value) {}
        @Override public void access(io.gatehouse.sdk.AccessPhase ctx, Config config) {}
      }
      """;

  @TempDir Path work;

  @Test
  void versions_of_the_same_major_and_an_older_or_equal_minor_are_compatible() {
    assertThat(SdkVersion.compatible("1.0", "1.0")).isTrue();
    assertThat(SdkVersion.compatible("1.0", "1.3")).isTrue();
    assertThat(SdkVersion.compatible("1.4", "1.3")).isFalse();
    assertThat(SdkVersion.compatible("2.0", "1.9")).isFalse();
    assertThat(SdkVersion.compatible("0.9", "1.0")).isFalse();
  }

  @Test
  void a_jar_built_against_the_current_api_loads() throws Exception {
    try (URLClassLoader loader = loader(jar(SdkVersion.CURRENT))) {
      var plugins = LoadedPlugins.load(List.of("versioned"), loader);
      assertThat(plugins.find("versioned").version()).isEqualTo("1.0.0");
      assertThat(plugins.find("versioned").configSchema().field("value").defaultValue().asText()).isEqualTo("x");
    }
  }

  @Test
  void a_jar_built_against_another_major_version_is_refused_naming_both_versions() throws Exception {
    try (URLClassLoader loader = loader(jar("2.0"))) {
      assertThatThrownBy(() -> LoadedPlugins.load(List.of("versioned"), loader))
          .isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("com.example.versioned.VersionedPlugin was built against plugin API 2.0")
          .hasMessageContaining("this gateway provides plugin API " + SdkVersion.CURRENT);
    }
  }

  private URLClassLoader loader(Path jar) throws Exception {
    return new URLClassLoader(new URL[] {jar.toUri().toURL()}, getClass().getClassLoader());
  }

  private Path jar(String apiVersion) throws Exception {
    Path src = Files.createDirectories(work.resolve("src/com/example/versioned")).resolve("VersionedPlugin.java");
    Files.writeString(src, SOURCE);
    Path classes = Files.createDirectories(work.resolve("classes"));
    int rc = ToolProvider.getSystemJavaCompiler().run(null, null, null, "-d", classes.toString(),
        "-cp", System.getProperty("java.class.path"), "--release", "21", "-proc:none", src.toString());
    assertThat(rc).as("compiles").isZero();
    Manifest manifest = new Manifest();
    manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
    manifest.getMainAttributes().putValue(SdkVersion.MANIFEST_ATTRIBUTE, apiVersion);
    Path jar = work.resolve("versioned-" + apiVersion + ".jar");
    try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar), manifest);
        var files = Files.walk(classes)) {
      for (Path f : files.filter(Files::isRegularFile).toList()) {
        out.putNextEntry(new JarEntry(classes.relativize(f).toString().replace('\\', '/')));
        Files.copy(f, out);
        out.closeEntry();
      }
      out.putNextEntry(new JarEntry("META-INF/services/io.gatehouse.sdk.Plugin"));
      out.write("com.example.versioned.VersionedPlugin\n".getBytes(java.nio.charset.StandardCharsets.UTF_8));
      out.closeEntry();
    }
    return jar;
  }
}
