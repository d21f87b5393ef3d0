package io.gatehouse.proxy.testing;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The OS's {@code openssl s_client}: an independent TLS client for what the JDK's client will not
 * do (TLS 1.1 with its own policy, {@code R} renegotiation) or will not show (ticket lifetime hints,
 * the server's DH group).
 */
public final class OpenSslClient {
  private OpenSslClient() {}

  /** What one {@code s_client} run printed (stdout and stderr together) and how it exited. */
  public record Run(int exitCode, String output) {
    /** Whether the handshake completed (s_client prints the negotiated cipher). */
    public boolean handshakeDone() {
      return output.contains("Cipher is ") && !output.contains("Cipher is (NONE)");
    }
  }

  /**
   * Connects to {@code address} with these extra s_client options, writes {@code input} (then
   * closes stdin, which ends the session) and waits for it to exit.
   */
  public static Run run(InetSocketAddress address, String input, String... options) throws IOException, InterruptedException {
    return run(address, input, true, options);
  }

  /**
   * As {@link #run(InetSocketAddress, String, String...)}; with {@code closeInput} false stdin stays
   * open, so s_client only ends when the server closes the connection: a run still going after
   * 10 s is stopped and reported with exit code -1.
   */
  public static Run run(InetSocketAddress address, String input, boolean closeInput, String... options)
      throws IOException, InterruptedException {
    List<String> command = new ArrayList<>(List.of("openssl", "s_client", "-connect",
        address.getHostString() + ":" + address.getPort(), "-servername", "localhost"));
    command.addAll(List.of(options));
    Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
    OutputStream in = p.getOutputStream();
    try {
      in.write(input.getBytes(StandardCharsets.US_ASCII));
      in.flush();
      if (closeInput) in.close();
    } catch (IOException e) {
      // s_client already gone (handshake refused): its output says why
    }
    boolean ended = p.waitFor(closeInput ? 20 : 10, TimeUnit.SECONDS);
    if (!ended) {
      p.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
      if (closeInput) throw new AssertionError("openssl s_client did not finish: " + command);
    }
    String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    try {
      in.close();
    } catch (IOException e) {
      // already closed by the process's end
    }
    return new Run(ended ? p.exitValue() : -1, output);
  }
}
