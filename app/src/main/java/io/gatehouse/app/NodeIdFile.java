package io.gatehouse.app;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.UUID;

/** Keeps the node id in the prefix so it survives restarts, as Kong's does. */
final class NodeIdFile {
  private NodeIdFile() {}

  static UUID loadOrCreate(Path file) throws IOException {
    if (Files.isRegularFile(file)) {
      try {
        return UUID.fromString(Files.readString(file, StandardCharsets.US_ASCII).strip());
      } catch (IllegalArgumentException e) {
        // a damaged file: a new id is better than refusing to start
      }
    }
    UUID id = UUID.randomUUID();
    Files.createDirectories(file.getParent());
    Files.writeString(file, id + "\n", StandardCharsets.US_ASCII);
    return id;
  }
}
