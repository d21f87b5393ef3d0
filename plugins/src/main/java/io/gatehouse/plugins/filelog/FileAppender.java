package io.gatehouse.plugins.filelog;

import io.gatehouse.sdk.LogEntry;
import io.gatehouse.plugins.logqueue.BatchSender;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * Appends entries to a file as JSON lines ({@code O_CREAT|O_APPEND|O_WRONLY}, like Kong). The file
 * stays open between batches unless {@code reopen} asks to open it for every write (log rotation).
 * Runs on its queue's thread only.
 */
final class FileAppender implements BatchSender {
  private final Path path;
  private final boolean reopen;
  private @Nullable FileChannel open;

  FileAppender(Path path, boolean reopen) {
    this.path = path;
    this.reopen = reopen;
  }

  @Override
  public void send(List<LogEntry> batch) throws IOException {
    ByteArrayOutputStream lines = new ByteArrayOutputStream(512 * batch.size());
    for (LogEntry entry : batch) {
      lines.writeBytes(entry.toJsonBytes());
      lines.write('\n');
    }
    ByteBuffer bytes = ByteBuffer.wrap(lines.toByteArray());
    FileChannel file = open != null ? open
        : FileChannel.open(path, StandardOpenOption.CREATE, StandardOpenOption.APPEND, StandardOpenOption.WRITE);
    try {
      while (bytes.hasRemaining()) file.write(bytes);
    } catch (IOException e) {
      file.close();
      open = null; // opened again for the next batch
      throw e;
    }
    if (reopen) {
      file.close();
    } else {
      open = file;
    }
  }

  @Override
  public void close() {
    FileChannel file = open;
    open = null;
    if (file != null) {
      try {
        file.close();
      } catch (IOException ignored) {
        // nothing more to write to it
      }
    }
  }
}
