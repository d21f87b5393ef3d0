package io.gatehouse.plugins.llm.testing;

import static io.gatehouse.plugins.testing.PluginGateway.ref;

import io.gatehouse.plugins.testing.PluginGateway;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A gateway node in a JVM of its own with a small heap ({@code -Xmx}), one route with one plugin:
 * what a test starts to prove that traffic through the node does not need the heap it would take
 * to hold it. The child prints its port and runs until its stdin closes.
 */
public final class GatewayProcess implements AutoCloseable {
  private final Process process;
  private final int port;

  /** Starts {@code java -Xmx<heapMb>m} with this test classpath, a route at {@code path} with {@code plugin} and {@code config}. */
  public GatewayProcess(int heapMb, String path, String plugin, String config) {
    List<String> command = List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-Xmx" + heapMb + "m", "-XX:+ExitOnOutOfMemoryError", "--enable-native-access=ALL-UNNAMED",
        "-Dlogback.statusListenerClass=ch.qos.logback.core.status.NopStatusListener", "-cp", System.getProperty("java.class.path"),
        GatewayProcess.class.getName(), path, plugin, config);
    try {
      process = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT).start();
      BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
      String line;
      int found = -1;
      while (found < 0 && (line = out.readLine()) != null) {
        if (line.startsWith("gateway-port=")) found = Integer.parseInt(line.substring("gateway-port=".length()));
      }
      if (found < 0) throw new IllegalStateException("the gateway process ended before listening: " + process.waitFor());
      port = found;
      Thread.ofVirtual().start(() -> out.lines().forEach(l -> {})); // the child's log must not fill the pipe
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  public int port() {
    return port;
  }

  /** Whether the node still runs (an out-of-memory error ends it). */
  public boolean alive() {
    return process.isAlive();
  }

  @Override
  public void close() {
    try {
      process.getOutputStream().close();
      if (!process.waitFor(10, TimeUnit.SECONDS)) process.destroyForcibly();
    } catch (IOException e) {
      process.destroyForcibly();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      process.destroyForcibly();
    }
  }

  /** The child: {@code <path> <plugin> <config json>}. */
  public static void main(String[] args) throws IOException {
    try (PluginGateway gw = new PluginGateway()) {
      gw.plugin(args[1], args[2], ref("route", gw.serviceAndRoute(args[0])));
      gw.apply();
      System.out.println("gateway-port=" + gw.port());
      System.out.flush();
      while (System.in.read() >= 0) {
        // runs until the parent closes stdin
      }
    }
    System.exit(0);
  }
}
