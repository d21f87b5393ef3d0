package io.gatehouse.testsupport;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.attribute.GroupPrincipal;
import java.nio.file.attribute.UserPrincipal;
import java.nio.file.attribute.UserPrincipalLookupService;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;

/**
 * A throwaway PostgreSQL (Debian's {@code postgresql} package) for tests: a fresh cluster made by
 * {@code initdb} in a temporary directory, listening on a free loopback port with password
 * authentication for {@link #user()}/{@link #password()}, removed again on {@link #close()}.
 * {@link #stop()} (an immediate shutdown, like a crash) and {@link #start()} simulate an outage on
 * the same port with the data kept.
 *
 * <p>PostgreSQL refuses to run as root. When the tests run as root (CI does), {@code initdb} and
 * the server run as the {@code postgres} system user that the Debian package creates, through
 * {@code runuser}, in a directory owned by that user; otherwise they run as the current user.
 *
 * <pre>{@code
 * try (PostgresServer pg = PostgresServer.launch()) {
 *   pg.createDatabase("node_test");
 *   // connect to pg.jdbcUrl("node_test") as pg.user() / pg.password()
 *   pg.stop();   // outage
 *   pg.start();  // back, same port, same data
 * }
 * }</pre>
 */
public final class PostgresServer implements AutoCloseable {
  private static final String USER = "postgres";
  private static final String PASSWORD = "gatehouse-test";
  private static final String SYSTEM_USER = "postgres";
  private static final int START_TIMEOUT_S = 60;

  private final Path dir;
  private final Path bin;
  private final boolean asRoot;
  private final int port;
  private final Thread cleanup;
  private boolean running;
  private boolean closed;

  private PostgresServer(Path dir, Path bin, boolean asRoot, int port) {
    this.dir = dir;
    this.bin = bin;
    this.asRoot = asRoot;
    this.port = port;
    // a JVM that exits without close() must not leave a server behind
    this.cleanup = new Thread(this::shutdownQuietly, "postgres-server-cleanup");
  }

  /** Creates a fresh cluster and starts it. */
  public static PostgresServer launch() {
    Path bin = binDir();
    boolean asRoot = "root".equals(System.getProperty("user.name"));
    Path dir = tempDir(asRoot);
    try {
      Files.writeString(dir.resolve("pwfile"), PASSWORD + "\n", StandardCharsets.UTF_8);
      if (asRoot) {
        chownToSystemUser(dir);
        chownToSystemUser(dir.resolve("pwfile"));
      }
    } catch (IOException e) {
      LocalProcesses.deleteTree(dir);
      throw new UncheckedIOException(e);
    }
    try {
      new PostgresServer(dir, bin, asRoot, 0).run(60, bin.resolve("initdb").toString(), "-D",
          dir.resolve("data").toString(), "-U", USER, "--pwfile=" + dir.resolve("pwfile"),
          "--auth-local=trust", "--auth-host=scram-sha-256", "-E", "UTF8", "--no-sync", "--no-instructions");
    } catch (RuntimeException e) {
      LocalProcesses.deleteTree(dir);
      throw e;
    }
    IllegalStateException last = null;
    for (int attempt = 0; attempt < 5; attempt++) {
      PostgresServer server = new PostgresServer(dir, bin, asRoot, LocalProcesses.freePort());
      try {
        Runtime.getRuntime().addShutdownHook(server.cleanup);
        server.start0();
        return server;
      } catch (IllegalStateException e) {
        last = e; // most likely the free port was taken meanwhile: try another
        server.shutdownQuietly();
        server.removeHook();
      }
    }
    LocalProcesses.deleteTree(dir);
    throw Objects.requireNonNull(last);
  }

  public String host() {
    return "127.0.0.1";
  }

  public int port() {
    return port;
  }

  /** The superuser, which every test may use. */
  public String user() {
    return USER;
  }

  public String password() {
    return PASSWORD;
  }

  /** {@code jdbc:postgresql://127.0.0.1:<port>/<database>} */
  public String jdbcUrl(String database) {
    return "jdbc:postgresql://" + host() + ":" + port + "/" + Objects.requireNonNull(database, "database");
  }

  public synchronized boolean isRunning() {
    return running;
  }

  /** Runs one SQL command through {@code psql} against {@code database} (e.g. {@code postgres}). */
  public void sql(String database, String command) {
    Objects.requireNonNull(database, "database");
    Objects.requireNonNull(command, "command");
    List<String> cmd = List.of(bin.resolve("psql").toString(), "-X", "-q", "-v", "ON_ERROR_STOP=1",
        "-h", host(), "-p", Integer.toString(port), "-U", USER, "-d", database, "-c", command);
    exec(cmd, Map.of("PGPASSWORD", PASSWORD), 30);
  }

  /** Creates an empty database (the name must be a plain identifier). */
  public void createDatabase(String name) {
    if (!name.matches("[a-z_][a-z0-9_]*")) {
      throw new IllegalArgumentException("name must be a lowercase identifier, got '" + name + "'");
    }
    sql("postgres", "CREATE DATABASE " + name);
  }

  /** Starts the server again after {@link #stop()}, on the same port with the same data. */
  public synchronized void start() {
    if (closed) {
      throw new IllegalStateException("the server is closed");
    }
    if (!running) {
      start0();
    }
  }

  /**
   * Stops the server the way a crash would ({@code pg_ctl stop -m immediate}): clients lose their
   * connections at once; committed data survives (crash recovery runs at the next start).
   */
  public synchronized void stop() {
    if (running) {
      running = false;
      run(60, pgCtl(), "stop", "-D", dataDir(), "-m", "immediate", "-w");
    }
  }

  /** Stops the server and deletes its directory. */
  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    shutdownQuietly();
    removeHook();
    LocalProcesses.deleteTree(dir);
  }

  private synchronized void start0() {
    String options = "-p " + port + " -c listen_addresses=" + host() + " -k " + dir
        // tests want speed, not crash safety of the OS: a process crash still loses nothing
        + " -c fsync=off -c full_page_writes=off";
    run(START_TIMEOUT_S + 10, pgCtl(), "start", "-D", dataDir(), "-l", dir.resolve("postgres.log").toString(),
        "-w", "-t", Integer.toString(START_TIMEOUT_S), "-o", options);
    running = true;
  }

  private synchronized void shutdownQuietly() {
    if (!running && !Files.exists(dir.resolve("data/postmaster.pid"))) {
      return;
    }
    running = false;
    try {
      run(60, pgCtl(), "stop", "-D", dataDir(), "-m", "immediate", "-w");
    } catch (RuntimeException e) {
      // already stopped, or shutting down anyway
    }
  }

  private void removeHook() {
    try {
      Runtime.getRuntime().removeShutdownHook(cleanup);
    } catch (IllegalStateException | IllegalArgumentException e) {
      // the JVM is already shutting down, or the hook was never added
    }
  }

  private String pgCtl() {
    return bin.resolve("pg_ctl").toString();
  }

  private String dataDir() {
    return dir.resolve("data").toString();
  }

  /** Runs a server-side tool as the unprivileged user, in the server's directory. */
  private void run(int timeoutSeconds, String... args) {
    List<String> cmd = new ArrayList<>();
    if (asRoot) {
      cmd.addAll(List.of("runuser", "-u", SYSTEM_USER, "--"));
    }
    cmd.addAll(List.of(args));
    exec(cmd, Map.of(), timeoutSeconds);
  }

  private void exec(List<String> cmd, Map<String, String> env, int timeoutSeconds) {
    Path out = dir.resolve("command.log");
    ProcessBuilder pb = new ProcessBuilder(cmd)
        .directory(dir.toFile()) // the postgres user cannot read root's working directory
        .redirectInput(new File("/dev/null"))
        .redirectErrorStream(true)
        .redirectOutput(out.toFile());
    pb.environment().putAll(env);
    pb.environment().put("LC_ALL", "C.UTF-8");
    try {
      Process p = pb.start();
      if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        throw new IllegalStateException("timed out: " + String.join(" ", cmd) + "\n" + LocalProcesses.read(out));
      }
      if (p.exitValue() != 0) {
        throw new IllegalStateException("failed (exit " + p.exitValue() + "): " + String.join(" ", cmd)
            + "\n" + LocalProcesses.read(out) + LocalProcesses.read(dir.resolve("postgres.log")));
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot run " + cmd.get(0), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted: " + String.join(" ", cmd), e);
    }
  }

  private static Path binDir() {
    for (String candidate : List.of("/usr/lib/postgresql/17/bin", "/usr/lib/postgresql/16/bin",
        "/usr/lib/postgresql/15/bin")) {
      if (Files.isExecutable(Paths.get(candidate, "initdb"))) {
        return Paths.get(candidate);
      }
    }
    for (String candidate : List.of("/usr/local/bin/initdb", "/usr/bin/initdb")) {
      Path p = Paths.get(candidate);
      if (Files.isExecutable(p)) {
        try {
          return p.toRealPath().getParent();
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
      }
    }
    throw new IllegalStateException("initdb not found: install Debian's postgresql package (.ci/run does)");
  }

  private static Path tempDir(boolean asRoot) {
    try {
      // root's java.io.tmpdir may sit where the postgres user cannot reach; /tmp is world-traversable
      @Nullable Path parent = asRoot && Files.isDirectory(Paths.get("/tmp")) ? Paths.get("/tmp") : null;
      return parent == null ? Files.createTempDirectory("gatehouse-pg-")
          : Files.createTempDirectory(parent, "gatehouse-pg-");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static void chownToSystemUser(Path p) throws IOException {
    UserPrincipalLookupService lookup = p.getFileSystem().getUserPrincipalLookupService();
    UserPrincipal user;
    GroupPrincipal group;
    try {
      user = lookup.lookupPrincipalByName(SYSTEM_USER);
      group = lookup.lookupPrincipalByGroupName(SYSTEM_USER);
    } catch (IOException e) {
      throw new IllegalStateException("running as root needs the '" + SYSTEM_USER
          + "' system user (Debian's postgresql package creates it)", e);
    }
    Files.setOwner(p, user);
    Files.getFileAttributeView(p, java.nio.file.attribute.PosixFileAttributeView.class).setGroup(group);
  }
}
