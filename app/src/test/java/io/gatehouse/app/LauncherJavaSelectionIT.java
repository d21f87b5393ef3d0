package io.gatehouse.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The launcher script's JDK choice ({@code ./gatehouse java-home}): JAVA_HOME, then java on PATH,
 * then the newest JDK under the JVM directory, each only when it is Java 21 or newer. Runs the real
 * script against fake JDKs, with a PATH that holds only the tools the script needs.
 */
class LauncherJavaSelectionIT {
  private static final Path SCRIPT = Path.of(System.getProperty("user.dir")).getParent().resolve("gatehouse");

  @TempDir Path dir;
  private Path jvms;
  private Path tools;

  private record Result(int exit, String out, String err) {}

  @BeforeEach
  void fakeJdks() throws IOException {
    jvms = Files.createDirectories(dir.resolve("jvm"));
    tools = Files.createDirectories(dir.resolve("tools"));
    for (String tool : List.of("dirname", "readlink", "sed", "head")) {
      Path real = Files.exists(Path.of("/usr/bin", tool)) ? Path.of("/usr/bin", tool) : Path.of("/bin", tool);
      // a wrapper, not a symlink: JUnit warns about links leaving its temp dir
      executable(tools.resolve(tool), "#!/bin/sh\nexec " + real + " \"$@\"\n");
    }
  }

  /** A fake JDK whose java prints {@code version}; with a release file when {@code release} is set. */
  private Path jdk(Path parent, String name, String version, boolean release) throws IOException {
    Path home = parent.resolve(name);
    Path bin = Files.createDirectories(home.resolve("bin"));
    executable(bin.resolve("java"), "#!/bin/sh\necho 'openjdk version \"" + version + "\" 2024-01-16' >&2\n");
    if (release) {
      Files.writeString(home.resolve("release"), "IMPLEMENTOR=\"Test\"\nJAVA_VERSION=\"" + version + "\"\n");
    }
    return home;
  }

  private static void executable(Path file, String script) throws IOException {
    Files.writeString(file, script);
    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwxr-xr-x"));
  }

  private Result javaHome(@Nullable Path javaHome, @Nullable Path javaOnPath) throws Exception {
    String path = tools.toString();
    if (javaOnPath != null) {
      Path bin = Files.createDirectories(dir.resolve("pathbin"));
      Files.createSymbolicLink(bin.resolve("java"), javaOnPath.resolve("bin/java"));
      path = bin + ":" + path;
    }
    ProcessBuilder pb = new ProcessBuilder("/bin/bash", SCRIPT.toString(), "java-home");
    Map<String, String> env = pb.environment();
    env.clear();
    env.putAll(new HashMap<>(Map.of("PATH", path, "GATEHOUSE_JVM_DIR", jvms.toString())));
    if (javaHome != null) {
      env.put("JAVA_HOME", javaHome.toString());
    }
    Path out = dir.resolve("out.txt");
    Path err = dir.resolve("err.txt");
    Process p = pb.redirectOutput(out.toFile()).redirectError(err.toFile()).start();
    assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
    return new Result(p.exitValue(), Files.readString(out).strip(), Files.readString(err));
  }

  @Test
  void javaHomeWinsWhenRecentEnough() throws Exception {
    Path jdk25 = jdk(dir, "jdk25", "25", true);
    jdk(jvms, "jdk21", "21.0.3", true);
    assertThat(javaHome(jdk25, null)).isEqualTo(new Result(0, jdk25.toString(), ""));
  }

  @Test
  void javaOnPathComesBeforeTheJvmDirectory() throws Exception {
    Path jdk17 = jdk(dir, "jdk17", "17.0.2", true);
    Path jdk21 = jdk(dir, "jdk21", "21.0.3", false); // no release file: asks java -version
    jdk(jvms, "jdk25", "25", true);
    Result r = javaHome(jdk17, jdk21);
    assertThat(r.exit()).isZero();
    assertThat(r.out()).isEqualTo(jdk21.toRealPath().toString());
  }

  @Test
  void otherwiseTheNewestUnderTheJvmDirectory() throws Exception {
    jdk(jvms, "jdk17", "17.0.2", true);
    jdk(jvms, "jdk21", "21.0.3", false);
    Path jdk25 = jdk(jvms, "jdk25", "25.0.1", true);
    jdk(jvms, "jre8", "1.8.0_392", true);
    Files.createDirectories(jvms.resolve("not-a-jdk"));
    assertThat(javaHome(dir.resolve("missing"), null).out()).isEqualTo(jdk25.toString());
  }

  @Test
  void failsListingWhatItFoundWhenNothingIsRecentEnough() throws Exception {
    Path jdk17 = jdk(dir, "jdk17", "17.0.2", true);
    jdk(jvms, "jdk11", "11.0.22", true);
    jdk(jvms, "jre8", "1.8.0_392", false);
    Result r = javaHome(jdk17, jdk17);
    assertThat(r.exit()).isEqualTo(1);
    assertThat(r.out()).isEmpty();
    assertThat(r.err())
        .contains("needs Java 21 or newer")
        .contains("JAVA_HOME=" + jdk17 + " (Java 17)")
        .contains("java on PATH")
        .contains("jdk11 (Java 11)")
        .contains("jre8 (Java 8)")
        .contains("point JAVA_HOME at one");
  }
}
