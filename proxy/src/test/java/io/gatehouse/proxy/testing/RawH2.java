package io.gatehouse.proxy.testing;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http2.DefaultHttp2Headers;
import io.netty.handler.codec.http2.DefaultHttp2HeadersDecoder;
import io.netty.handler.codec.http2.DefaultHttp2HeadersEncoder;
import io.netty.handler.codec.http2.Http2Exception;
import io.netty.handler.codec.http2.Http2Headers;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import org.jspecify.annotations.Nullable;

/**
 * An HTTP/2 client speaking raw frames over a socket (h2c with prior knowledge), for tests that send
 * what a well-behaved client never would. Header blocks are HPACK-encoded and decoded with Netty's
 * codec; frames are written and read by hand.
 */
public final class RawH2 implements AutoCloseable {
  public static final int DATA = 0x0, HEADERS = 0x1, RST_STREAM = 0x3, SETTINGS = 0x4, PING = 0x6, GOAWAY = 0x7,
      WINDOW_UPDATE = 0x8, CONTINUATION = 0x9;
  public static final int END_STREAM = 0x1, END_HEADERS = 0x4, ACK = 0x1;

  /** A frame read from the server; a HEADERS frame's block decoded (null for other frames). */
  public record Frame(int type, int flags, int stream, byte[] payload, @Nullable Http2Headers headers) {
    /** The {@code :status} of a HEADERS frame. */
    public String status() {
      return headers == null ? "none" : String.valueOf(headers.status());
    }

    /** The error code of a RST_STREAM or GOAWAY. */
    public int errorCode() {
      int at = type == GOAWAY ? 4 : 0;
      return ((payload[at] & 0xff) << 24) | ((payload[at + 1] & 0xff) << 16) | ((payload[at + 2] & 0xff) << 8) | (payload[at + 3] & 0xff);
    }
  }

  private final Socket socket;
  private final OutputStream out;
  private final DataInputStream in;
  private final DefaultHttp2HeadersEncoder hpackOut = new DefaultHttp2HeadersEncoder();
  private final DefaultHttp2HeadersDecoder hpackIn = new DefaultHttp2HeadersDecoder(false);

  private RawH2(InetSocketAddress address) throws IOException {
    socket = new Socket(address.getAddress(), address.getPort());
    socket.setSoTimeout(20_000);
    out = socket.getOutputStream();
    in = new DataInputStream(socket.getInputStream());
  }

  /** Connects and sends the preface and an empty SETTINGS frame. */
  public static RawH2 connect(InetSocketAddress address) throws IOException {
    RawH2 c = new RawH2(address);
    c.out.write("PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
    c.frame(SETTINGS, 0, 0, new byte[0]);
    return c;
  }

  /** The request head {@code method path} with {@code :authority x}, HPACK-encoded, plus extra name/value pairs. */
  public byte[] headerBlock(String method, String path, String... extra) {
    Http2Headers h = new DefaultHttp2Headers().method(method).path(path).scheme("http").authority("x");
    for (int i = 0; i < extra.length; i += 2) h.add(extra[i], extra[i + 1]);
    ByteBuf b = Unpooled.buffer();
    try {
      hpackOut.encodeHeaders(0, h, b);
      return ByteBufUtil.getBytes(b);
    } catch (Http2Exception e) {
      throw new IllegalStateException(e);
    } finally {
      b.release();
    }
  }

  /** Writes one frame (flushed). */
  public void frame(int type, int flags, int stream, byte[] payload) throws IOException {
    out.write(frameBytes(type, flags, stream, payload));
    out.flush();
  }

  public static byte[] frameBytes(int type, int flags, int stream, byte[] payload) {
    ByteArrayOutputStream b = new ByteArrayOutputStream(9 + payload.length);
    b.write(payload.length >>> 16);
    b.write(payload.length >>> 8);
    b.write(payload.length);
    b.write(type);
    b.write(flags);
    b.write(stream >>> 24);
    b.write(stream >>> 16);
    b.write(stream >>> 8);
    b.write(stream);
    b.writeBytes(payload);
    return b.toByteArray();
  }

  /** Writes bytes as they are (several frames at once). */
  public void write(byte[] bytes) throws IOException {
    out.write(bytes);
    out.flush();
  }

  /** A GET on {@code stream}: one HEADERS frame that ends the stream. */
  public void get(int stream, String path) throws IOException {
    frame(HEADERS, END_HEADERS | END_STREAM, stream, headerBlock("GET", path));
  }

  /** The next frame, or null when the server closed the connection. */
  public @Nullable Frame read() throws IOException {
    try {
      int length = (in.readUnsignedByte() << 16) | (in.readUnsignedByte() << 8) | in.readUnsignedByte();
      int type = in.readUnsignedByte();
      int flags = in.readUnsignedByte();
      int stream = in.readInt() & 0x7fffffff;
      byte[] payload = in.readNBytes(length);
      Http2Headers headers = null;
      if (type == HEADERS) { // every block is decoded, in order: HPACK's dynamic table depends on it
        ByteBuf b = Unpooled.wrappedBuffer(payload);
        try {
          headers = hpackIn.decodeHeaders(stream, b);
        } catch (Http2Exception e) {
          throw new IOException(e);
        }
      }
      return new Frame(type, flags, stream, payload, headers);
    } catch (EOFException | SocketException e) {
      return null;
    }
  }

  /** Frames until one of {@code type} (on {@code stream}, or any stream when negative); null when the connection ended first. */
  public @Nullable Frame readUntil(int type, int stream) throws IOException {
    while (true) {
      Frame f = read();
      if (f == null || f.type == type && (stream < 0 || f.stream == stream)) return f;
    }
  }

  @Override
  public void close() throws IOException {
    socket.close();
  }
}
