package io.gatehouse.app;

import java.io.IOException;
import java.io.Reader;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import org.jspecify.annotations.Nullable;

/**
 * How {@code gatehouse reload} and the running node talk, in the prefix next to the pid file: the
 * command writes a request (which configuration file to read) and sends SIGHUP; the node answers
 * with the request's id, whether it applied, and the changed settings that need a restart.
 */
final class ReloadFiles {
  private static final String REQUEST = "reload.request";
  private static final String RESULT = "reload.result";

  /** What the command asks: an id to recognise the answer by, and the file to read (null: the node's own). */
  record Request(String id, @Nullable Path conf) {}

  /** The node's answer to one request. */
  record Result(String id, boolean ok, String message, List<String> needRestart) {}

  private ReloadFiles() {}

  static void writeRequest(Path prefix, Request request) {
    Properties p = new Properties();
    p.setProperty("id", request.id());
    p.setProperty("conf", request.conf() == null ? "" : request.conf().toString());
    write(prefix.resolve(REQUEST), p);
  }

  /** The pending request; an empty one (a plain {@code kill -HUP}) when there is none. */
  static Request readRequest(Path prefix) {
    Properties p = read(prefix.resolve(REQUEST)).orElseGet(Properties::new);
    String conf = p.getProperty("conf", "");
    return new Request(p.getProperty("id", ""), conf.isBlank() ? null : Path.of(conf));
  }

  static void writeResult(Path prefix, Result result) {
    Properties p = new Properties();
    p.setProperty("id", result.id());
    p.setProperty("status", result.ok() ? "ok" : "error");
    p.setProperty("message", result.message());
    p.setProperty("restart", String.join(",", result.needRestart()));
    write(prefix.resolve(RESULT), p);
  }

  /** The node's answer to the request {@code id}, once it has written it. */
  static Optional<Result> readResult(Path prefix, String id) {
    return read(prefix.resolve(RESULT)).filter(p -> id.equals(p.getProperty("id"))).map(p -> {
      String restart = p.getProperty("restart", "");
      return new Result(id, "ok".equals(p.getProperty("status")), p.getProperty("message", ""),
          restart.isEmpty() ? List.of() : List.of(restart.split(",")));
    });
  }

  // written whole then renamed: the reader never sees half a file
  private static void write(Path file, Properties p) {
    try {
      StringWriter text = new StringWriter();
      p.store(text, null);
      Path tmp = Files.createTempFile(file.getParent(), file.getFileName().toString(), ".tmp",
          PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
      Files.writeString(tmp, text.toString());
      Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + file + ": " + e.getMessage(), e);
    }
  }

  private static Optional<Properties> read(Path file) {
    try (Reader r = Files.newBufferedReader(file)) {
      Properties p = new Properties();
      p.load(r);
      return Optional.of(p);
    } catch (NoSuchFileException e) {
      return Optional.empty();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
    }
  }
}
