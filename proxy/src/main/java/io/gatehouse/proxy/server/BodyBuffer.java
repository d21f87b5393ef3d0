package io.gatehouse.proxy.server;

import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.EventLoop;
import io.netty.handler.codec.http.DefaultHttpContent;
import io.netty.handler.codec.http.LastHttpContent;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.AsynchronousFileChannel;
import java.nio.channels.CompletionHandler;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayDeque;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;

/**
 * A whole request body held before the upstream is contacted (a route's {@code request_buffering},
 * nginx's {@code proxy_request_buffering on}): in memory up to {@code client_body_buffer_size},
 * then in a temp file under {@code client_body_temp_path}, which holds all of it.
 *
 * <p>File work never runs on the event loop: the file is created and deleted on a virtual thread,
 * written and read through an {@link AsynchronousFileChannel}; completions hop back to the loop,
 * which owns every field. Backpressure: the client pauses while more than {@link #HIGH_WATER}
 * bytes wait for the disk. The file is deleted on {@link #release}, whatever ended the exchange;
 * buffers the OS is still reading or filling are released when their operation completes.
 * Kept whole until released, so every try may send it again.
 */
final class BodyBuffer {
  private static final int HIGH_WATER = 256 * 1024;
  private static final int READ_CHUNK = 64 * 1024;
  /** Creates, writes, reads and deletes temp files: blocking calls, so never on an event loop. */
  private static final ExecutorService FILE_IO =
      Executors.newThreadPerTaskExecutor(Thread.ofVirtual().name("gatehouse-body-file-", 0).factory());

  private final EventLoop loop;
  private final Downstream down;
  private final int memoryLimit;
  private final Path dir;
  private final Consumer<String> failed; // the disk failed us: the exchange answers 500
  private @Nullable Runnable whenStored;
  /** In memory: the whole body. Spilled: the chunks waiting to be written to the file. */
  private final ArrayDeque<ByteBuf> chunks = new ArrayDeque<>();
  private long waitingBytes; // in chunks, once spilled
  private long size;
  private boolean ended;
  private boolean spilled; // the body goes (went) to a file
  private @Nullable AsynchronousFileChannel file;
  private @Nullable Path path;
  private long written; // bytes in the file
  private boolean writing;
  private int inFlight; // file operations under way (opening included)
  private boolean pausedClient;
  private boolean released;
  private @Nullable Send send; // the current try's read-back

  BodyBuffer(EventLoop loop, Downstream down, int memoryLimit, Path dir, Runnable whenStored, Consumer<String> failed) {
    this.loop = loop;
    this.down = down;
    this.memoryLimit = memoryLimit;
    this.dir = dir;
    this.whenStored = whenStored;
    this.failed = failed;
  }

  long size() {
    return size;
  }

  /** Whether the body went to a temp file. */
  boolean spilled() {
    return spilled;
  }

  /** Takes a piece of the body (and its ownership). */
  void add(ByteBuf data, boolean last) {
    if (released) {
      data.release();
      return;
    }
    if (last) ended = true;
    int n = data.readableBytes();
    size += n;
    if (n > 0) chunks.add(data);
    else data.release();
    if (!spilled) {
      if (size <= memoryLimit) {
        if (ended) stored();
        return;
      }
      spilled = true;
      open();
    }
    waitingBytes += n;
    if (waitingBytes > HIGH_WATER && !pausedClient) {
      pausedClient = true;
      down.readBody(false);
    }
    writeNext();
  }

  private void stored() {
    Runnable r = whenStored;
    whenStored = null;
    if (r != null) r.run();
  }

  // ------------------------------------------------------------------ spilling to the file

  private void open() {
    inFlight++;
    io(() -> {
      Path p = null;
      try {
        p = Files.createTempFile(dir, "body-", ".tmp");
        AsynchronousFileChannel f = AsynchronousFileChannel.open(p,
            Set.of(StandardOpenOption.READ, StandardOpenOption.WRITE), FILE_IO);
        Path opened = p;
        onLoop(() -> opened(opened, f, null), () -> closeAndDelete(f, opened));
      } catch (IOException | RuntimeException e) {
        Path orphan = p;
        if (orphan != null) deleteQuietly(orphan);
        onLoop(() -> opened(null, null, e), () -> {});
      }
    });
  }

  private void opened(@Nullable Path p, @Nullable AsynchronousFileChannel f, @Nullable Throwable error) {
    inFlight--;
    path = p;
    file = f;
    if (error != null) {
      fail("cannot create a temp file for the request body in " + dir + ": " + error);
      return;
    }
    if (released) {
      maybeClose();
      return;
    }
    writeNext();
  }

  private void writeNext() {
    AsynchronousFileChannel f = file;
    if (f == null || writing || released) return;
    ByteBuf b = chunks.poll();
    if (b == null) {
      if (ended) stored();
      return;
    }
    writing = true;
    inFlight++;
    write(f, b, b.nioBuffer());
  }

  private void write(AsynchronousFileChannel f, ByteBuf b, ByteBuffer nio) {
    f.write(nio, written, null, new CompletionHandler<Integer, Void>() {
      @Override
      public void completed(Integer n, Void v) {
        onLoop(() -> wrote(f, b, nio, n), b::release);
      }

      @Override
      public void failed(Throwable e, Void v) {
        onLoop(() -> writeFailed(b, e), b::release);
      }
    });
  }

  private void wrote(AsynchronousFileChannel f, ByteBuf b, ByteBuffer nio, int n) {
    written += n;
    if (nio.hasRemaining() && !released) {
      write(f, b, nio); // a short write: the rest of the same buffer
      return;
    }
    inFlight--;
    writing = false;
    waitingBytes -= b.readableBytes();
    b.release();
    if (released) {
      maybeClose();
      return;
    }
    if (pausedClient && waitingBytes <= HIGH_WATER / 2) {
      pausedClient = false;
      down.readBody(true);
    }
    writeNext();
  }

  private void writeFailed(ByteBuf b, Throwable e) {
    inFlight--;
    writing = false;
    b.release();
    if (released) {
      maybeClose();
      return;
    }
    fail("cannot write the request body to " + path + ": " + e);
  }

  private void fail(String reason) {
    if (released) return;
    failed.accept(reason); // the exchange answers, then releases this
  }

  // ------------------------------------------------------------------ sending it upstream

  /** Sends the whole body on the try's connection (again on a later try). */
  void sendTo(UpstreamAttempt a) {
    if (!spilled) {
      for (ByteBuf b : chunks) a.writeBody(new DefaultHttpContent(b.retainedDuplicate()), false);
      a.writeBody(LastHttpContent.EMPTY_LAST_CONTENT, false);
      return;
    }
    Send s = new Send(a, a.channel());
    send = s;
    readNext(s);
  }

  /** The upstream connection can take more: the read-back goes on. */
  void upstreamWritable() {
    Send s = send;
    if (s != null && s.waiting && s.current()) {
      s.waiting = false;
      readNext(s);
    }
  }

  /** One try's read-back of the file. */
  private final class Send {
    final UpstreamAttempt attempt;
    final @Nullable Channel channel;
    long position;
    boolean waiting; // for the upstream connection to drain

    Send(UpstreamAttempt attempt, @Nullable Channel channel) {
      this.attempt = attempt;
      this.channel = channel;
    }

    boolean current() {
      return send == this && !released && channel != null && attempt.channel() == channel && channel.isActive();
    }
  }

  private void readNext(Send s) {
    AsynchronousFileChannel f = file;
    if (f == null || !s.current()) return;
    if (s.position >= size) {
      s.attempt.writeBody(LastHttpContent.EMPTY_LAST_CONTENT, false);
      s.attempt.flush();
      send = null;
      return;
    }
    int n = (int) Math.min(READ_CHUNK, size - s.position);
    ByteBuf buf = s.channel.alloc().directBuffer(n);
    ByteBuffer nio = buf.nioBuffer(0, n);
    inFlight++;
    f.read(nio, s.position, null, new CompletionHandler<Integer, Void>() {
      @Override
      public void completed(Integer got, Void v) {
        onLoop(() -> read(s, buf, got), buf::release);
      }

      @Override
      public void failed(Throwable e, Void v) {
        onLoop(() -> {
          inFlight--;
          buf.release();
          if (released) maybeClose();
          else if (s.current()) fail("cannot read the request body back from " + path + ": " + e);
        }, buf::release);
      }
    });
  }

  private void read(Send s, ByteBuf buf, int got) {
    inFlight--;
    if (!s.current()) {
      buf.release();
      maybeClose();
      return;
    }
    if (got <= 0) {
      buf.release();
      fail("the request body file " + path + " ended early");
      return;
    }
    buf.writerIndex(got);
    s.position += got;
    s.attempt.writeBody(new DefaultHttpContent(buf), false);
    s.attempt.flush();
    if (s.attempt.writable()) readNext(s);
    else s.waiting = true;
  }

  // ------------------------------------------------------------------ cleanup

  /** Frees the memory and deletes the file (once no operation uses them). Idempotent. */
  void release() {
    if (released) return;
    released = true;
    send = null;
    whenStored = null;
    ByteBuf b;
    while ((b = chunks.poll()) != null) b.release();
    waitingBytes = 0;
    maybeClose();
  }

  private void maybeClose() {
    if (!released || inFlight > 0) return;
    AsynchronousFileChannel f = file;
    Path p = path;
    file = null;
    path = null;
    if (p != null) closeAndDelete(f, p);
  }

  private static void closeAndDelete(@Nullable AsynchronousFileChannel f, Path p) {
    io(() -> {
      try {
        if (f != null) f.close();
      } catch (IOException ignored) {
        // deleting it is what matters
      }
      deleteQuietly(p);
    });
  }

  private static void deleteQuietly(Path p) {
    try {
      Files.deleteIfExists(p);
    } catch (IOException ignored) {
      // a leftover temp file is not worth failing a request for
    }
  }

  private static void io(Runnable task) {
    FILE_IO.execute(task);
  }

  /** Runs on the event loop; when it is gone (shutdown), {@code orElse} cleans up where we are. */
  private void onLoop(Runnable task, Runnable orElse) {
    try {
      loop.execute(task);
    } catch (RejectedExecutionException e) {
      orElse.run();
    }
  }
}
