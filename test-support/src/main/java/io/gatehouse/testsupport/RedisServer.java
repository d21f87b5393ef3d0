package io.gatehouse.testsupport;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * A real {@code redis-server} (Debian's package) for tests: started on a free loopback port in a
 * temporary directory, without persistence, and stopped on {@link #close()}. It can be stopped and
 * started again on the same port mid-test to simulate an outage, and answers raw commands through
 * {@link #command(String...)} so tests can inspect or reset its keys without a client library.
 *
 * <pre>{@code
 * try (RedisServer redis = RedisServer.start()) {
 *   // point the code under test at redis.host():redis.port()
 *   redis.stop();     // outage
 *   redis.restart();  // back, same port, empty
 * }
 * }</pre>
 */
public final class RedisServer implements AutoCloseable {

  private static final Duration STARTUP = Duration.ofSeconds(20);

  private final Path dir;
  private final int port;
  private final List<String> extraArgs;
  private @Nullable Process process;

  private RedisServer(Path dir, int port, List<String> extraArgs) {
    this.dir = dir;
    this.port = port;
    this.extraArgs = extraArgs;
  }

  /** Starts a server with default settings. */
  public static RedisServer start() {
    return start(List.of());
  }

  /**
   * Starts a server with extra {@code redis-server} arguments, e.g.
   * {@code List.of("--requirepass", "secret")}.
   */
  public static RedisServer start(List<String> extraArgs) {
    Objects.requireNonNull(extraArgs, "extraArgs");
    Path dir;
    try {
      dir = Files.createTempDirectory("gatehouse-redis-");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    // A free port can be taken between probing and binding; a few fresh tries cover that race.
    IllegalStateException last = null;
    for (int attempt = 0; attempt < 5; attempt++) {
      RedisServer server = new RedisServer(dir, LocalProcesses.freePort(), List.copyOf(extraArgs));
      try {
        server.launch();
        return server;
      } catch (IllegalStateException e) {
        last = e;
        server.stop();
      }
    }
    LocalProcesses.deleteTree(dir);
    throw last;
  }

  public String host() {
    return "127.0.0.1";
  }

  public int port() {
    return port;
  }

  /** {@code redis://127.0.0.1:<port>} */
  public String uri() {
    return "redis://" + host() + ":" + port;
  }

  public boolean isRunning() {
    Process p = process;
    return p != null && p.isAlive();
  }

  /** Kills the server (SIGKILL: an abrupt outage); connected clients see their sockets reset. */
  public void stop() {
    Process p = process;
    process = null;
    LocalProcesses.kill(p, "redis-server on port " + port);
  }

  /** Starts the server again on the same port (with no data: persistence is off). */
  public void restart() {
    stop();
    launch();
  }

  @Override
  public void close() {
    stop();
    LocalProcesses.deleteTree(dir);
  }

  /**
   * Sends one command over a fresh connection and returns the reply: a {@code String} (simple or
   * bulk string), a {@code Long}, a {@code List<Object>}, or {@code null}. A Redis error reply
   * becomes an {@link IllegalStateException}. Pass {@code AUTH} first yourself when a password is
   * set: use {@link #command(List)} with several commands.
   */
  public @Nullable Object command(String... args) {
    List<Object> replies = command(List.of(List.of(args)));
    return replies.get(0);
  }

  /** Sends several commands on one connection (e.g. AUTH then GET) and returns every reply. */
  public List<Object> command(List<List<String>> commands) {
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 2_000);
      socket.setSoTimeout(5_000);
      OutputStream out = socket.getOutputStream();
      for (List<String> args : commands) {
        StringBuilder sb = new StringBuilder().append('*').append(args.size()).append("\r\n");
        for (String arg : args) {
          byte[] bytes = arg.getBytes(StandardCharsets.UTF_8);
          sb.append('$').append(bytes.length).append("\r\n").append(arg).append("\r\n");
        }
        out.write(sb.toString().getBytes(StandardCharsets.UTF_8));
      }
      out.flush();
      InputStream in = new BufferedInputStream(socket.getInputStream());
      List<Object> replies = new ArrayList<>();
      for (int i = 0; i < commands.size(); i++) {
        replies.add(readReply(in));
      }
      return replies;
    } catch (IOException e) {
      throw new UncheckedIOException("redis command to port " + port + " failed", e);
    }
  }

  private void launch() {
    List<String> cmd = new ArrayList<>(List.of(binary(), "--port", Integer.toString(port),
        "--bind", "127.0.0.1", "--dir", dir.toString(), "--save", "", "--appendonly", "no",
        "--daemonize", "no", "--protected-mode", "no", "--loglevel", "warning",
        "--logfile", dir.resolve("redis.log").toString()));
    cmd.addAll(extraArgs);
    try {
      process = new ProcessBuilder(cmd).redirectErrorStream(true)
          .redirectOutput(dir.resolve("stdout.log").toFile()).start();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot run " + cmd.get(0), e);
    }
    LocalProcesses.awaitServing(process, this::accepts, STARTUP, "redis-server on port " + port,
        dir.resolve("stdout.log"), dir.resolve("redis.log"));
  }

  private boolean accepts() {
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 500);
      socket.setSoTimeout(1_000);
      socket.getOutputStream().write("PING\r\n".getBytes(StandardCharsets.US_ASCII));
      int first = socket.getInputStream().read();
      // +PONG, or -NOAUTH when a password is set: either way the server is serving.
      return first == '+' || first == '-';
    } catch (IOException e) {
      return false;
    }
  }

  private static String binary() {
    for (String candidate : List.of("/usr/bin/redis-server", "/usr/local/bin/redis-server")) {
      if (Files.isExecutable(Paths.get(candidate))) {
        return candidate;
      }
    }
    String path = System.getenv("PATH");
    if (path != null) {
      for (String entry : path.split(":")) {
        Path candidate = Paths.get(entry, "redis-server");
        if (Files.isExecutable(candidate)) {
          return candidate.toString();
        }
      }
    }
    throw new IllegalStateException(
        "redis-server not found: install Debian's redis-server package (.ci/run does)");
  }

  private static @Nullable Object readReply(InputStream in)
      throws IOException {
    int type = in.read();
    String line = readLine(in);
    switch (type) {
      case '+':
        return line;
      case '-':
        throw new IllegalStateException("redis error: " + line);
      case ':':
        return Long.parseLong(line);
      case '$': {
        int len = Integer.parseInt(line);
        if (len < 0) {
          return null;
        }
        byte[] bytes = in.readNBytes(len);
        readLine(in);
        return new String(bytes, StandardCharsets.UTF_8);
      }
      case '*': {
        int n = Integer.parseInt(line);
        if (n < 0) {
          return null;
        }
        List<Object> items = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
          items.add(readReply(in));
        }
        return items;
      }
      default:
        throw new IOException("unexpected redis reply type " + type);
    }
  }

  private static String readLine(InputStream in) throws IOException {
    StringBuilder sb = new StringBuilder();
    int c;
    while ((c = in.read()) != -1) {
      if (c == '\r') {
        in.read(); // '\n'
        return sb.toString();
      }
      sb.append((char) c);
    }
    throw new IOException("redis closed the connection");
  }
}
