package io.gatehouse.control;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.gatehouse.core.json.Json;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The last configuration a database-backed node applied, kept on disk so the node can start and
 * serve while its database is down (DESIGN §5). The file is one header line,
 * {@code gatehouse-last-good 1 <length> <sha-256 hex>}, then that many bytes of JSON
 * ({@code {"version": n, "tables": {...}}}: the store's rows, before vault references are resolved,
 * so no vault secret reaches the disk).
 *
 * <p>Written to a temporary file beside it, forced to disk, then renamed over it atomically (and the
 * directory forced), so a crash at any instant leaves the old file or the new one, never a mix; the
 * checksum catches anything else (a truncated copy, a flipped bit). Readable by its owner only: rows
 * hold credentials and private keys.
 */
public final class LastGoodFile {
  private static final String MAGIC = "gatehouse-last-good";
  private static final int FORMAT = 1;
  private static final int HEADER_LENGTH = header(0, new byte[32]).length;

  /** A configuration read back from the file. */
  public record Saved(long version, Map<String, List<ObjectNode>> tables) {}

  private final Path file;
  private final Path temp;

  public LastGoodFile(Path file) {
    this.file = Objects.requireNonNull(file, "file").toAbsolutePath();
    this.temp = this.file.resolveSibling(this.file.getFileName() + ".tmp");
  }

  public Path path() {
    return file;
  }

  /**
   * Replaces the file with these rows, atomically and durably. The JSON streams to the temporary
   * file (a large configuration is never held twice in memory); the header, written last at the
   * start of the file, gives its length and checksum.
   */
  public void save(long version, Map<String, List<ObjectNode>> tables) throws IOException {
    Files.createDirectories(file.getParent());
    try (FileChannel ch = FileChannel.open(temp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
        StandardOpenOption.TRUNCATE_EXISTING)) {
      ownerOnly(temp);
      MessageDigest digest = sha256();
      ch.position(HEADER_LENGTH);
      OutputStream body = new DigestOutputStream(new BufferedOutputStream(Channels.newOutputStream(ch), 1 << 16), digest);
      try (JsonGenerator g = Json.MAPPER.createGenerator(body).disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET)) {
        g.writeStartObject();
        g.writeNumberField("version", version);
        g.writeObjectFieldStart("tables");
        for (Map.Entry<String, List<ObjectNode>> t : tables.entrySet()) {
          g.writeArrayFieldStart(t.getKey());
          for (ObjectNode row : t.getValue()) {
            g.writeTree(row);
          }
          g.writeEndArray();
        }
        g.writeEndObject();
        g.writeEndObject();
      }
      body.flush(); // not closed: that would close the channel
      long length = ch.position() - HEADER_LENGTH;
      ch.write(ByteBuffer.wrap(header(length, digest.digest())), 0);
      ch.force(true); // the bytes are on disk before the name points at them
    }
    try {
      Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } catch (AtomicMoveNotSupportedException e) {
      throw new IOException("cannot replace " + file + " atomically on this file system", e);
    }
    forceDirectory(file.getParent()); // the rename itself survives a power cut
  }

  /** Fixed width, so it can be written once the body's length and checksum are known. */
  private static byte[] header(long length, byte[] sha256) {
    String h = MAGIC + " " + FORMAT + " " + String.format("%020d", length) + " " + HexFormat.of().formatHex(sha256) + "\n";
    return h.getBytes(StandardCharsets.US_ASCII);
  }

  /**
   * The saved configuration, or empty when there is no file. A file that is not one this class wrote
   * whole (truncated, corrupted, another format) is an {@link IllegalStateException} naming it.
   */
  public Optional<Saved> load() {
    byte[] all;
    try {
      all = Files.readAllBytes(file);
    } catch (NoSuchFileException e) {
      return Optional.empty();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
    }
    int nl = -1;
    for (int i = 0; i < Math.min(all.length, HEADER_LENGTH); i++) {
      if (all[i] == '\n') {
        nl = i;
        break;
      }
    }
    if (nl < 0) {
      throw corrupt("no header line");
    }
    String[] header = new String(all, 0, nl, StandardCharsets.US_ASCII).split(" ");
    if (header.length != 4 || !MAGIC.equals(header[0]) || !Integer.toString(FORMAT).equals(header[1])) {
      throw corrupt("not a format-" + FORMAT + " last good file");
    }
    long length;
    try {
      length = Long.parseLong(header[2]);
    } catch (NumberFormatException e) {
      throw corrupt("bad length");
    }
    int start = nl + 1;
    if (all.length - start != length) {
      throw corrupt("holds " + (all.length - start) + " bytes, the header says " + length + " (truncated?)");
    }
    byte[] json = java.util.Arrays.copyOfRange(all, start, all.length);
    if (!HexFormat.of().formatHex(sha256().digest(json)).equals(header[3])) {
      throw corrupt("checksum mismatch");
    }
    try {
      JsonNode body = Json.MAPPER.readTree(json);
      Map<String, List<ObjectNode>> tables = new LinkedHashMap<>();
      body.get("tables").properties().forEach(e -> {
        List<ObjectNode> rows = new ArrayList<>();
        e.getValue().forEach(r -> rows.add((ObjectNode) r));
        tables.put(e.getKey(), rows);
      });
      return Optional.of(new Saved(body.get("version").asLong(), tables));
    } catch (IOException | RuntimeException e) {
      throw corrupt("unreadable JSON: " + e.getMessage());
    }
  }

  private IllegalStateException corrupt(String why) {
    return new IllegalStateException("the last good configuration file " + file + " is damaged: " + why);
  }

  private static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e); // every JDK has it
    }
  }

  private static void ownerOnly(Path p) throws IOException {
    try {
      Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("rw-------"));
    } catch (UnsupportedOperationException e) {
      // not a POSIX file system: its defaults apply
    }
  }

  private static void forceDirectory(Path dir) throws IOException {
    try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
      ch.force(true);
    } catch (FileSystemException | UnsupportedOperationException e) {
      // some platforms cannot open a directory; the rename is still atomic there
    }
  }
}
