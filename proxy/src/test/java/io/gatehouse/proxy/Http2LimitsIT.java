package io.gatehouse.proxy;

import static io.gatehouse.proxy.testing.RawH2.CONTINUATION;
import static io.gatehouse.proxy.testing.RawH2.DATA;
import static io.gatehouse.proxy.testing.RawH2.END_HEADERS;
import static io.gatehouse.proxy.testing.RawH2.END_STREAM;
import static io.gatehouse.proxy.testing.RawH2.GOAWAY;
import static io.gatehouse.proxy.testing.RawH2.HEADERS;
import static io.gatehouse.proxy.testing.RawH2.RST_STREAM;
import static io.gatehouse.proxy.testing.RawH2.SETTINGS;
import static io.gatehouse.proxy.testing.RawH2.WINDOW_UPDATE;
import static org.assertj.core.api.Assertions.assertThat;

import io.gatehouse.proxy.testing.RawH2;
import io.gatehouse.proxy.testing.TestProxy;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * HTTP/2 limits and abuse on an h2c listener, with raw frames: nginx's http2 settings as configured
 * (concurrent streams, initial window from http2_body_preread_size, header list from
 * large_client_header_buffers, keepalive_requests streams per connection), a stream past the limit
 * refused, an oversized header list answered 431 on its stream, CONTINUATION floods (large and empty
 * frames) and malformed frames ended with GOAWAY — while another client keeps being served.
 */
class Http2LimitsIT {
  static final int STREAMS = 4;
  static final int PREREAD = 16 * 1024;
  static final int HEADER_LIST = 4096;
  static final int MAX_REQUESTS = 6;
  static TestProxy proxy;

  @BeforeAll
  static void start() {
    InetSocketAddress plain = new InetSocketAddress("127.0.0.1", 0);
    proxy = TestProxy.start(b -> b.listen(List.of(plain)).http2Listen(Set.of(plain)).maxHeaderSize(HEADER_LIST)
        .http2Limits(new Http2Limits(STREAMS, PREREAD, MAX_REQUESTS)));
    proxy.configure(e -> e.service(proxy.echo().url("/")).route("/h2"));
  }

  @AfterAll
  static void stop() {
    proxy.close();
  }

  static RawH2 connect() throws IOException {
    return RawH2.connect(proxy.address());
  }

  /** A well-behaved client on its own connection: one GET answered 200. */
  static void anotherClientIsServed(String path) throws Exception {
    try (RawH2 c = connect()) {
      c.get(1, path);
      RawH2.Frame h = c.readUntil(HEADERS, 1);
      assertThat(h).as("the other client's answer").isNotNull();
      assertThat(h.status()).isEqualTo("200");
    }
  }

  @Test
  void theSettingsAreNginxsAsConfigured() throws Exception {
    try (RawH2 c = connect()) {
      RawH2.Frame s = c.readUntil(SETTINGS, 0);
      assertThat(s).isNotNull();
      Map<Integer, Long> values = new HashMap<>();
      for (int i = 0; i + 6 <= s.payload().length; i += 6) {
        int id = ((s.payload()[i] & 0xff) << 8) | (s.payload()[i + 1] & 0xff);
        long v = ((s.payload()[i + 2] & 0xffL) << 24) | ((s.payload()[i + 3] & 0xff) << 16)
            | ((s.payload()[i + 4] & 0xff) << 8) | (s.payload()[i + 5] & 0xff);
        values.put(id, v);
      }
      assertThat(values).containsEntry(0x3, (long) STREAMS).containsEntry(0x4, (long) PREREAD)
          .containsEntry(0x6, (long) HEADER_LIST);
    }
  }

  @Test
  void aStreamPastTheConcurrencyLimitIsRefused() throws Exception {
    try (RawH2 c = connect()) {
      for (int i = 0; i <= STREAMS; i++) { // POSTs whose bodies have not come yet: all stay open
        c.frame(HEADERS, END_HEADERS, 1 + 2 * i, c.headerBlock("POST", "/h2/open-" + i));
      }
      int refused = 1 + 2 * STREAMS;
      RawH2.Frame rst = c.readUntil(RST_STREAM, refused);
      assertThat(rst).isNotNull();
      assertThat(rst.errorCode()).as("REFUSED_STREAM").isEqualTo(0x7);
      c.frame(DATA, END_STREAM, 1, "done".getBytes());
      RawH2.Frame ok = c.readUntil(HEADERS, 1);
      assertThat(ok).isNotNull();
      assertThat(ok.status()).as("the streams within the limit are served").isEqualTo("200");
    }
  }

  @Test
  void anOversizedHeaderListIs431OnItsStreamOnly() throws Exception {
    try (RawH2 c = connect()) {
      c.frame(HEADERS, END_HEADERS | END_STREAM, 1, c.headerBlock("GET", "/h2/big", "x-big", "v".repeat(HEADER_LIST + 200)));
      RawH2.Frame refused = c.read();
      while (refused != null && refused.stream() != 1) refused = c.read();
      assertThat(refused).isNotNull();
      assertThat(refused.type()).as("an answer on that stream").isEqualTo(HEADERS);
      assertThat(refused.status()).isEqualTo("431");
      c.get(3, "/h2/after-big");
      RawH2.Frame ok = c.readUntil(HEADERS, 3);
      assertThat(ok).as("the connection still serves").isNotNull();
      assertThat(ok.status()).isEqualTo("200");
    }
  }

  @Test
  void aContinuationFloodIsCutShortWithGoaway() throws Exception {
    assertFloodEnds(16 * 1024);
  }

  @Test
  void aFloodOfEmptyContinuationFramesIsCutShortWithGoaway() throws Exception {
    assertFloodEnds(0);
  }

  /**
   * One HEADERS frame without END_HEADERS, then CONTINUATION frames of {@code size} bytes, up to
   * 64 MiB or 4 million frames: the gateway must end the connection long before (GOAWAY, unless the
   * close overtakes it while the client still writes), while another connection is served.
   */
  private static void assertFloodEnds(int size) throws Exception {
    // own threads: the common pool may have one (2 cores), and the reader blocks
    try (RawH2 c = connect(); var threads = java.util.concurrent.Executors.newFixedThreadPool(2)) {
      byte[] start = c.headerBlock("GET", "/h2/flood");
      c.frame(HEADERS, 0, 1, start);
      CompletableFuture<RawH2.Frame> goaway = CompletableFuture.supplyAsync(() -> {
        try {
          return c.readUntil(GOAWAY, -1);
        } catch (IOException e) {
          return null; // reset by the gateway
        }
      }, threads);
      AtomicLong sent = new AtomicLong();
      byte[] fragment = new byte[size];
      java.util.Arrays.fill(fragment, (byte) 'a');
      ByteArrayOutputStream batch = new ByteArrayOutputStream();
      for (int i = 0; i < 64; i++) batch.writeBytes(RawH2.frameBytes(CONTINUATION, 0, 1, fragment));
      byte[] burst = batch.toByteArray();
      long limit = size == 0 ? 4_000_000L * 9 : 64L << 20;
      CompletableFuture<Void> flood = CompletableFuture.runAsync(() -> {
        try {
          while (sent.get() < limit) {
            c.write(burst);
            sent.addAndGet(burst.length);
          }
        } catch (IOException e) {
          // the gateway closed the connection: what the test wants
        }
      }, threads);
      anotherClientIsServed("/h2/during-flood-" + size);
      flood.get(10, TimeUnit.SECONDS);
      // what the client got to send before the close is what the kernel buffers hold; the gateway keeps
      // at most a 5 KiB header block, or 16 small frames, before GOAWAY (Netty's codec)
      assertThat(sent.get()).as("cut short: bytes the client got to send").isLessThan(16L << 20);
      RawH2.Frame g = goaway.get(10, TimeUnit.SECONDS);
      if (g != null) assertThat(g.errorCode()).as("a connection error, not NO_ERROR").isNotZero();
    }
    anotherClientIsServed("/h2/after-flood-" + size);
  }

  @Test
  void aMalformedSettingsFrameGetsGoawayFrameSizeError() throws Exception {
    try (RawH2 c = connect()) {
      c.frame(SETTINGS, 0, 0, new byte[5]); // not a multiple of 6
      RawH2.Frame goaway = c.readUntil(GOAWAY, -1);
      assertThat(goaway).isNotNull();
      assertThat(goaway.errorCode()).as("FRAME_SIZE_ERROR").isEqualTo(0x6);
    }
    anotherClientIsServed("/h2/after-settings");
  }

  @Test
  void aZeroWindowUpdateOnTheConnectionGetsGoawayProtocolError() throws Exception {
    try (RawH2 c = connect()) {
      c.frame(WINDOW_UPDATE, 0, 0, new byte[4]);
      RawH2.Frame goaway = c.readUntil(GOAWAY, -1);
      assertThat(goaway).isNotNull();
      assertThat(goaway.errorCode()).as("PROTOCOL_ERROR").isEqualTo(0x1);
    }
  }

  @Test
  void dataOnStreamZeroGetsGoawayProtocolError() throws Exception {
    try (RawH2 c = connect()) {
      c.frame(DATA, 0, 0, new byte[3]);
      RawH2.Frame goaway = c.readUntil(GOAWAY, -1);
      assertThat(goaway).isNotNull();
      assertThat(goaway.errorCode()).as("PROTOCOL_ERROR").isEqualTo(0x1);
    }
  }

  @Test
  void afterKeepaliveRequestsStreamsTheConnectionGetsGoawayAndCloses() throws Exception {
    try (RawH2 c = connect()) {
      for (int i = 0; i < MAX_REQUESTS - 1; i++) {
        c.get(1 + 2 * i, "/h2/keepalive-" + i);
        RawH2.Frame h = c.readUntil(HEADERS, 1 + 2 * i);
        assertThat(h).as("request " + i).isNotNull();
        assertThat(h.status()).isEqualTo("200");
      }
      int last = 1 + 2 * (MAX_REQUESTS - 1);
      c.get(last, "/h2/keepalive-last");
      String status = null;
      Integer goaway = null;
      for (RawH2.Frame f = c.read(); f != null; f = c.read()) { // until the gateway closes
        if (f.type() == HEADERS && f.stream() == last) status = f.status();
        if (f.type() == GOAWAY) goaway = f.errorCode();
      }
      assertThat(status).as("the last allowed stream is answered").isEqualTo("200");
      assertThat(goaway).as("GOAWAY NO_ERROR, then the connection closes").isEqualTo(0);
    }
  }
}
