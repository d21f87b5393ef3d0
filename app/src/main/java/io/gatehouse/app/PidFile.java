package io.gatehouse.app;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Optional;
import java.util.OptionalLong;

/** {@code <prefix>/gatehouse.pid}: the pid of the running node, written by {@code run}. */
final class PidFile {
  private final Path file;

  PidFile(Path file) {
    this.file = requireNonNull(file, "file");
  }

  Path path() {
    return file;
  }

  OptionalLong read() {
    try {
      String text = Files.readString(file, StandardCharsets.US_ASCII).strip();
      return OptionalLong.of(Long.parseLong(text));
    } catch (IOException | NumberFormatException e) {
      return OptionalLong.empty();
    }
  }

  /**
   * The live process this file names, if any. A pid that now belongs to another program is a
   * reused pid (the node died without cleaning up), so it does not count.
   */
  Optional<ProcessHandle> liveProcess() {
    OptionalLong pid = read();
    if (pid.isEmpty()) {
      return Optional.empty();
    }
    return ProcessHandle.of(pid.getAsLong()).filter(ProcessHandle::isAlive).filter(PidFile::notZombie)
        .filter(PidFile::looksLikeGatehouse);
  }

  /**
   * A node killed with SIGKILL stays a zombie until its parent reaps it, and a container's init may
   * never do so; ProcessHandle still calls it alive, so read its state from /proc.
   */
  private static boolean notZombie(ProcessHandle process) {
    try {
      String stat = Files.readString(Path.of("/proc/" + process.pid() + "/stat"), StandardCharsets.US_ASCII);
      int close = stat.lastIndexOf(')');
      return close < 0 || close + 2 >= stat.length() || stat.charAt(close + 2) != 'Z';
    } catch (IOException e) {
      return true; // no /proc here: trust isAlive
    }
  }

  private static boolean looksLikeGatehouse(ProcessHandle process) {
    ProcessHandle.Info info = process.info();
    // the JDK leaves out the arguments of a long command line, so the executable is the fallback
    if (info.commandLine().map(c -> c.contains(Main.class.getName())).orElse(false)) {
      return true;
    }
    return info.command().map(c -> c.endsWith("/java")).orElse(true);
  }

  /** Writes atomically, so a reader never sees a half-written pid. */
  void write(long pid) {
    try {
      Files.createDirectories(file.getParent());
      Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
      Files.writeString(tmp, pid + "\n", StandardCharsets.US_ASCII);
      Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write pid file " + file, e);
    }
  }

  /** Deletes the file if it still names {@code pid}: a newer node's file is left alone. */
  void deleteIfOwnedBy(long pid) {
    if (read().orElse(-1) == pid) {
      delete();
    }
  }

  void delete() {
    try {
      Files.deleteIfExists(file);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot delete pid file " + file, e);
    }
  }
}
