package io.gatehouse.app;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** Runs the command line in a fresh JVM, as a user would, with a clean environment and HOME under {@code dir}. */
final class CliProcess {
  private static final Duration COMMAND_TIMEOUT = Duration.ofSeconds(90);

  record Result(int exit, String out, String err) {}

  private final Path dir;

  CliProcess(Path dir) {
    this.dir = dir;
  }

  Result run(String... args) throws IOException, InterruptedException {
    return run(Map.of(), args);
  }

  /** Runs {@code gatehouse ARGS} to completion, bounded in time. */
  Result run(Map<String, String> env, String... args) throws IOException, InterruptedException {
    Path out = Files.createTempFile(dir, "out", ".txt");
    Path err = Files.createTempFile(dir, "err", ".txt");
    Process p = command(env, args).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
    if (!p.waitFor(COMMAND_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
      p.destroyForcibly();
      throw new AssertionError("gatehouse " + String.join(" ", args) + " did not finish in " + COMMAND_TIMEOUT);
    }
    return new Result(p.exitValue(), Files.readString(out), Files.readString(err));
  }

  /** {@code gatehouse ARGS} ready to start (for long-running commands such as {@code run}); stdin is empty. */
  ProcessBuilder command(Map<String, String> env, String... args) {
    List<String> cmd = new ArrayList<>();
    cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    cmd.add("-cp");
    // Surefire may run tests from a manifest-only jar; this property holds the real class path
    cmd.add(System.getProperty("surefire.test.class.path", System.getProperty("java.class.path")));
    cmd.add(Main.class.getName());
    cmd.addAll(List.of(args));
    ProcessBuilder pb = new ProcessBuilder(cmd);
    // hermetic: no GATEHOUSE_* / KONG_* settings from the developer's environment; default prefix under dir
    pb.environment().keySet().removeIf(k -> k.startsWith("GATEHOUSE_") || k.startsWith("KONG_"));
    pb.environment().put("HOME", dir.toString());
    pb.environment().putAll(env);
    return pb.redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
  }

  /** Ports free a moment ago (the node binds them in its own process, so port 0 cannot be used). */
  static int[] freePorts(int n) throws IOException {
    List<ServerSocket> sockets = new ArrayList<>();
    try {
      int[] ports = new int[n];
      for (int i = 0; i < n; i++) {
        ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
        sockets.add(s);
        ports[i] = s.getLocalPort();
      }
      return ports;
    } finally {
      for (ServerSocket s : sockets) {
        s.close();
      }
    }
  }
}
