package io.gatehouse.plugins.grpcproto;

import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * gRPC's length-prefixed messages: a type byte (0 for a message; gRPC-Web's trailers are 0x80), the
 * length in 4 bytes big endian, the bytes. {@link Unframer} collects a body that arrives in chunks.
 */
public final class GrpcFrames {
  private GrpcFrames() {}

  /** One frame of {@code type} around {@code message}. */
  public static byte[] frame(int type, byte[] message) {
    byte[] f = new byte[5 + message.length];
    f[0] = (byte) type;
    int n = message.length;
    f[1] = (byte) (n >>> 24);
    f[2] = (byte) (n >>> 16);
    f[3] = (byte) (n >>> 8);
    f[4] = (byte) n;
    System.arraycopy(message, 0, f, 5, n);
    return f;
  }

  /** The first whole message of {@code body}, or null when it does not hold one (Kong's {@code unframe}). */
  public static byte @org.jspecify.annotations.Nullable [] first(byte[] body) {
    Unframer u = new Unframer();
    List<byte[]> all = u.feed(body);
    return all.isEmpty() ? null : all.getFirst();
  }

  /** Splits a stream of frames into messages as chunks arrive; keeps what is not yet a whole frame. */
  public static final class Unframer {
    private byte[] pending = new byte[0];

    /** The messages completed by {@code chunk}, in order (their type bytes are not kept). */
    public List<byte[]> feed(byte[] chunk) {
      byte[] buf = pending.length == 0 ? chunk : concat(pending, chunk);
      List<byte[]> out = new ArrayList<>();
      int at = 0;
      while (buf.length - at >= 5) {
        long n = ((buf[at + 1] & 0xffL) << 24) | ((buf[at + 2] & 0xff) << 16) | ((buf[at + 3] & 0xff) << 8) | (buf[at + 4] & 0xff);
        if (buf.length - at - 5 < n) break;
        out.add(Arrays.copyOfRange(buf, at + 5, at + 5 + (int) n));
        at += 5 + (int) n;
      }
      pending = Arrays.copyOfRange(buf, at, buf.length);
      return out;
    }

    /** The bytes received that are not (yet) a whole frame. */
    public byte[] rest() {
      return pending;
    }

    private static byte[] concat(byte[] a, byte[] b) {
      ByteArrayOutputStream o = new ByteArrayOutputStream(a.length + b.length);
      o.writeBytes(a);
      o.writeBytes(b);
      return o.toByteArray();
    }
  }
}
