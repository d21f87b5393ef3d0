package io.gatehouse.proxy.server;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;
import io.netty.handler.codec.http.DefaultHttpContent;
import io.netty.handler.codec.http.DefaultLastHttpContent;
import io.netty.handler.codec.http.HttpHeaderValidationUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * Reads an origin's HTTP/1.x responses: an {@link UpstreamHead} (the head's bytes, parsed once),
 * then the body as {@link io.netty.handler.codec.http.HttpContent} slices of what was read — the
 * payload only, chunk framing removed — ending with a {@link LastHttpContent}. A head that cannot be
 * parsed is passed on as a failed head (the exchange answers 502); a broken body closes the
 * connection (the exchange sees the close). After a 101 the bytes pass through untouched.
 */
final class UpstreamResponseDecoder extends ByteToMessageDecoder {
  /** The status line plus the header section, like the 4 KiB + 64 KiB Netty's client codec allowed. */
  static final int MAX_HEAD = 4096 + 65536;
  private static final int MAX_CONTENT_SLICE = 65536;
  private static final int MAX_CHUNK_LINE = 4096;

  private enum State { HEAD, FIXED, CHUNK_SIZE, CHUNK_DATA, CHUNK_END, TRAILERS, TO_CLOSE, UPGRADED, BROKEN }

  private State state = State.HEAD;
  private long remaining;
  private int scanned; // bytes of a partial head already searched for its end
  private @Nullable DefaultLastHttpContent trailers;
  private int trailerBytes;
  /** The request now on the wire is a HEAD: its response has no body whatever its headers say. */
  boolean headRequest;

  @Override
  protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
    while (in.isReadable()) {
      switch (state) {
        case HEAD -> {
          if (!readHead(ctx, in, out)) return;
        }
        case FIXED -> {
          int n = (int) Math.min(Math.min(in.readableBytes(), remaining), MAX_CONTENT_SLICE);
          remaining -= n;
          if (remaining == 0) {
            state = State.HEAD;
            out.add(new DefaultLastHttpContent(in.readRetainedSlice(n)));
          } else {
            out.add(new DefaultHttpContent(in.readRetainedSlice(n)));
          }
        }
        case CHUNK_SIZE -> {
          if (!readChunkSize(ctx, in, out)) return;
        }
        case CHUNK_DATA -> {
          int n = (int) Math.min(Math.min(in.readableBytes(), remaining), MAX_CONTENT_SLICE);
          remaining -= n;
          out.add(new DefaultHttpContent(in.readRetainedSlice(n)));
          if (remaining == 0) state = State.CHUNK_END;
        }
        case CHUNK_END -> {
          if (in.getByte(in.readerIndex()) == '\n') {
            in.skipBytes(1);
          } else if (in.readableBytes() < 2) {
            return;
          } else if (in.getByte(in.readerIndex()) == '\r' && in.getByte(in.readerIndex() + 1) == '\n') {
            in.skipBytes(2);
          } else {
            broken(ctx, in);
            return;
          }
          state = State.CHUNK_SIZE;
        }
        case TRAILERS -> {
          if (!readTrailer(ctx, in, out)) return;
        }
        case TO_CLOSE -> out.add(new DefaultHttpContent(in.readRetainedSlice(Math.min(in.readableBytes(), MAX_CONTENT_SLICE))));
        case UPGRADED -> out.add(in.readRetainedSlice(in.readableBytes()));
        case BROKEN -> in.skipBytes(in.readableBytes());
      }
    }
  }

  @Override
  protected void decodeLast(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) throws Exception {
    if (in.isReadable()) decode(ctx, in, out);
    if (state == State.TO_CLOSE) { // the close is the end of this body
      state = State.HEAD;
      out.add(LastHttpContent.EMPTY_LAST_CONTENT);
    }
  }

  private boolean readHead(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
    if (scanned == 0) { // blank lines before a status line are tolerated (RFC 9112 §2.2)
      while (in.isReadable() && isLineEnd(in.getByte(in.readerIndex()))) in.skipBytes(1);
      if (!in.isReadable()) return false;
    }
    int start = in.readerIndex();
    int end = headEnd(in, start);
    if (end < 0 ? in.readableBytes() > MAX_HEAD : end - start > MAX_HEAD) {
      scanned = 0;
      fail(in, out, "response head larger than " + MAX_HEAD + " bytes");
      return false;
    }
    if (end < 0) return false;
    scanned = 0;
    byte[] raw = new byte[end - start];
    in.readBytes(raw);
    UpstreamHead head = parse(raw);
    out.add(head);
    if (head.decoderResult().isFailure()) {
      state = State.BROKEN;
      return false;
    }
    int code = head.code;
    if (code == 101) {
      out.add(LastHttpContent.EMPTY_LAST_CONTENT);
      state = State.UPGRADED;
    } else if (code < 200 || code == 204 || code == 304 || headRequest) {
      out.add(LastHttpContent.EMPTY_LAST_CONTENT);
    } else if (head.chunked) {
      state = State.CHUNK_SIZE;
    } else if (head.contentLength >= 0 && !head.otherCoding) {
      if (head.contentLength == 0) {
        out.add(LastHttpContent.EMPTY_LAST_CONTENT);
      } else {
        remaining = head.contentLength;
        state = State.FIXED;
      }
    } else {
      state = State.TO_CLOSE;
    }
    return true;
  }

  /** The index just past the blank line ending the head, or -1 when it has not all arrived. */
  private int headEnd(ByteBuf in, int start) {
    int limit = in.writerIndex();
    int from = start + scanned;
    while (true) {
      int lf = in.indexOf(from, limit, (byte) '\n');
      if (lf < 0) return -1; // the next read resumes at the last line start (scanned)
      int lineLen = lf - from;
      if (lf > start && (lineLen == 0 || (lineLen == 1 && in.getByte(from) == '\r'))) {
        return lf + 1;
      }
      from = lf + 1;
      scanned = from - start;
    }
  }

  private static boolean isLineEnd(byte b) {
    return b == '\r' || b == '\n';
  }

  private void fail(ByteBuf in, List<Object> out, String why) {
    in.skipBytes(in.readableBytes());
    state = State.BROKEN;
    out.add(UpstreamHead.failed(why));
  }

  /** The body cannot be framed any more: nothing more is read from this connection. */
  private void broken(ChannelHandlerContext ctx, ByteBuf in) {
    in.skipBytes(in.readableBytes());
    state = State.BROKEN;
    ctx.close();
  }

  private boolean readChunkSize(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
    int start = in.readerIndex();
    int lf = in.indexOf(start, Math.min(in.writerIndex(), start + MAX_CHUNK_LINE), (byte) '\n');
    if (lf < 0) {
      if (in.readableBytes() >= MAX_CHUNK_LINE) broken(ctx, in);
      return false;
    }
    long size = 0;
    int digits = 0;
    int i = start;
    for (; i < lf; i++) {
      int d = Character.digit(in.getByte(i), 16);
      if (d < 0) break;
      if (++digits > 15) { // over 2^60 bytes: not a size anyone sends
        broken(ctx, in);
        return false;
      }
      size = size << 4 | d;
    }
    byte after = i < lf ? in.getByte(i) : (byte) '\n';
    if (digits == 0 || !(after == ';' || after == '\r' || after == ' ' || after == '\t' || after == '\n')
        || in.indexOf(i, lf - 1, (byte) '\r') >= 0) { // an extension is skipped, but a CR only ends the line
      broken(ctx, in);
      return false;
    }
    in.readerIndex(lf + 1);
    if (size == 0) {
      state = State.TRAILERS;
      trailers = null;
      trailerBytes = 0;
    } else {
      remaining = size;
      state = State.CHUNK_DATA;
    }
    return true;
  }

  private boolean readTrailer(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
    int start = in.readerIndex();
    int lf = in.indexOf(start, in.writerIndex(), (byte) '\n');
    if (lf < 0) {
      if (trailerBytes + in.readableBytes() > MAX_HEAD) broken(ctx, in);
      return false;
    }
    int end = lf > start && in.getByte(lf - 1) == '\r' ? lf - 1 : lf;
    trailerBytes += lf + 1 - start;
    in.readerIndex(lf + 1);
    if (end == start) {
      state = State.HEAD;
      DefaultLastHttpContent last = trailers;
      trailers = null;
      out.add(last == null ? LastHttpContent.EMPTY_LAST_CONTENT : last);
      return true;
    }
    String line = in.toString(start, end - start, StandardCharsets.ISO_8859_1);
    int colon = line.indexOf(':');
    if (colon <= 0 || trailerBytes > MAX_HEAD) {
      broken(ctx, in);
      return false;
    }
    String name = line.substring(0, colon).trim();
    String value = line.substring(colon + 1).trim();
    if (!isTrailerField(name, value)) { // a malformed trailer cannot be passed on: the body is broken
      broken(ctx, in);
      return false;
    }
    if (isFramingName(name)) return true; // framing fields are not allowed as trailers: dropped, as Netty does
    if (trailers == null) trailers = new DefaultLastHttpContent();
    trailers.trailingHeaders().add(name, value);
    return true;
  }

  private static boolean isFramingName(String name) {
    return name.equalsIgnoreCase("content-length") || name.equalsIgnoreCase("transfer-encoding")
        || name.equalsIgnoreCase("trailer");
  }

  /** What Netty's trailing headers accept (a token name, a value without control characters but HTAB). */
  private static boolean isTrailerField(String name, String value) {
    return !name.isEmpty() && HttpHeaderValidationUtil.validateToken(name) < 0
        && HttpHeaderValidationUtil.validateValidHeaderValue(value) < 0;
  }

  // ------------------------------------------------------------------ head parsing

  /** Parses a complete head (status line through the blank line); a malformed one comes back failed. */
  static UpstreamHead parse(byte[] b) {
    int n = b.length;
    int lineEnd = indexOf(b, 0, (byte) '\n');
    int statusEnd = lineEnd > 0 && b[lineEnd - 1] == '\r' ? lineEnd - 1 : lineEnd;
    // HTTP/1.x SP 3DIGIT [SP reason]
    if (statusEnd < 12 || !startsWith(b, "HTTP/1.") || (b[7] != '0' && b[7] != '1') || b[8] != ' '
        || !isDigit(b[9]) || !isDigit(b[10]) || !isDigit(b[11]) || (statusEnd > 12 && b[12] != ' ')
        || !isText(b, 12, statusEnd)) {
      return UpstreamHead.failed("invalid status line");
    }
    int code = (b[9] - '0') * 100 + (b[10] - '0') * 10 + (b[11] - '0');
    if (code < 100) return UpstreamHead.failed("invalid status code");
    UpstreamHead head = new UpstreamHead(b, code, 12, statusEnd, b[7] == '1' ? HttpVersion.HTTP_1_1 : HttpVersion.HTTP_1_0);
    int pos = lineEnd + 1;
    // one pass per line: token name, optional spaces, colon, value up to CR LF (or a bare LF)
    while (pos < n) {
      byte first = b[pos];
      if (first == '\n' || (first == '\r' && pos + 1 < n && b[pos + 1] == '\n')) break; // the blank line
      int i = pos;
      while (i < n && TOKEN[b[i] & 0xff]) i++;
      int nameEnd = i;
      while (i < n && (b[i] == ' ' || b[i] == '\t')) i++;
      if (nameEnd == pos || i == n || b[i] != ':') {
        return UpstreamHead.failed(first == ' ' || first == '\t' ? "obs-fold in response head" : "invalid header line");
      }
      i++;
      while (i < n && (b[i] == ' ' || b[i] == '\t')) i++;
      int vs = i;
      int ve = i;
      while (true) {
        if (i == n) return UpstreamHead.failed("unterminated header line");
        byte c = b[i];
        if (c == '\n') break;
        if (c == '\r') {
          // a CR that does not end the line could end it for the client: response splitting
          if (i + 1 == n || b[i + 1] != '\n') return UpstreamHead.failed("bare CR in response head");
          i++;
          break;
        }
        if (c == 0) return UpstreamHead.failed("NUL in response head");
        if (c != ' ' && c != '\t') ve = i + 1;
        i++;
      }
      byte kind = kindOf(b, pos, nameEnd);
      if (!noteFraming(head, kind, b, vs, ve)) return UpstreamHead.failed("invalid framing header");
      head.addLine(pos, nameEnd, vs, ve, kind);
      pos = i + 1;
    }
    return head;
  }

  /** RFC 9110 token characters, by byte value. */
  private static final boolean[] TOKEN = new boolean[256];

  static {
    for (int c = 33; c < 127; c++) TOKEN[c] = "\"(),/:;<=>?@[\\]{}".indexOf(c) < 0;
  }

  /** A reason phrase: HTAB, SP, visible characters and obs-text (RFC 9112 §4), no other control character. */
  private static boolean isText(byte[] b, int s, int e) {
    for (int i = s; i < e; i++) {
      int c = b[i] & 0xff;
      if ((c < 0x20 && c != '\t') || c == 0x7f) return false;
    }
    return true;
  }

  /** Records what Content-Length, Transfer-Encoding and Connection say; false when they cannot be trusted. */
  private static boolean noteFraming(UpstreamHead h, byte kind, byte[] b, int vs, int ve) {
    switch (kind) {
      case UpstreamHead.CONTENT_LENGTH -> {
        if (vs == ve || ve - vs > 18) return false;
        long v = 0;
        for (int i = vs; i < ve; i++) {
          if (!isDigit(b[i])) return false;
          v = v * 10 + (b[i] - '0');
        }
        if (h.contentLength >= 0 && h.contentLength != v) return false; // differing lengths: smuggling
        h.contentLength = v;
      }
      case UpstreamHead.TRANSFER_ENCODING -> {
        // chunked applied twice (over all Transfer-Encoding lines) cannot be framed: RFC 9112 §7
        h.chunkedCodings += countChunked(b, vs, ve);
        if (h.chunkedCodings > 1) return false;
        // chunked must be the final coding; any other final coding means "read until close"
        int last = ve;
        int from = vs;
        for (int i = ve - 1; i >= vs; i--) {
          if (b[i] == ',') {
            from = i + 1;
            break;
          }
        }
        while (from < last && (b[from] == ' ' || b[from] == '\t')) from++;
        boolean isChunked = regionEqualsIgnoreCase(b, from, last, "chunked");
        h.chunked = isChunked;
        h.otherCoding = !isChunked;
      }
      case UpstreamHead.CONNECTION -> noteConnection(h, b, vs, ve);
      default -> { }
    }
    return true;
  }

  private static int countChunked(byte[] b, int vs, int ve) {
    int n = 0;
    for (int i = vs; i < ve; ) {
      int j = i;
      while (j < ve && b[j] != ',') j++;
      int s = i;
      int e = j;
      while (s < e && (b[s] == ' ' || b[s] == '\t')) s++;
      while (e > s && (b[e - 1] == ' ' || b[e - 1] == '\t')) e--;
      if (regionEqualsIgnoreCase(b, s, e, "chunked")) n++;
      i = j + 1;
    }
    return n;
  }

  private static void noteConnection(UpstreamHead h, byte[] b, int vs, int ve) {
    int i = vs;
    while (i < ve) {
      int j = i;
      while (j < ve && b[j] != ',') j++;
      int s = i;
      int e = j;
      while (s < e && (b[s] == ' ' || b[s] == '\t')) s++;
      while (e > s && (b[e - 1] == ' ' || b[e - 1] == '\t')) e--;
      if (regionEqualsIgnoreCase(b, s, e, "close")) h.connectionClose = true;
      else if (regionEqualsIgnoreCase(b, s, e, "keep-alive")) h.connectionKeepAlive = true;
      else if (e > s) h.connectionNamesHeaders = true;
      i = j + 1;
    }
  }

  private static byte kindOf(byte[] b, int s, int e) {
    return switch (e - s) {
      case 3 -> regionEqualsIgnoreCase(b, s, e, "via") ? UpstreamHead.VIA : UpstreamHead.PLAIN;
      case 6 -> regionEqualsIgnoreCase(b, s, e, "server") ? UpstreamHead.SERVER : UpstreamHead.PLAIN;
      case 7 -> regionEqualsIgnoreCase(b, s, e, "upgrade") ? UpstreamHead.HOP_BY_HOP : UpstreamHead.PLAIN;
      case 10 -> regionEqualsIgnoreCase(b, s, e, "connection") ? UpstreamHead.CONNECTION
          : regionEqualsIgnoreCase(b, s, e, "keep-alive") ? UpstreamHead.HOP_BY_HOP : UpstreamHead.PLAIN;
      case 14 -> regionEqualsIgnoreCase(b, s, e, "content-length") ? UpstreamHead.CONTENT_LENGTH : UpstreamHead.PLAIN;
      case 16 -> regionEqualsIgnoreCase(b, s, e, "proxy-connection") ? UpstreamHead.HOP_BY_HOP : UpstreamHead.PLAIN;
      case 17 -> regionEqualsIgnoreCase(b, s, e, "transfer-encoding") ? UpstreamHead.TRANSFER_ENCODING
          : regionEqualsIgnoreCase(b, s, e, "x-kong-request-id") ? UpstreamHead.X_KONG_REQUEST_ID : UpstreamHead.PLAIN;
      case 20 -> regionEqualsIgnoreCase(b, s, e, "x-kong-proxy-latency") ? UpstreamHead.X_KONG_PROXY_LATENCY
          : UpstreamHead.PLAIN;
      case 22 -> regionEqualsIgnoreCase(b, s, e, "x-kong-upstream-status") ? UpstreamHead.X_KONG_UPSTREAM_STATUS
          : UpstreamHead.PLAIN;
      case 23 -> regionEqualsIgnoreCase(b, s, e, "x-kong-upstream-latency") ? UpstreamHead.X_KONG_UPSTREAM_LATENCY
          : UpstreamHead.PLAIN;
      default -> UpstreamHead.PLAIN;
    };
  }

  /** Compares bytes with a lower-case ASCII literal, ignoring the bytes' case. */
  static boolean regionEqualsIgnoreCase(byte[] b, int s, int e, String lower) {
    if (e - s != lower.length()) return false;
    for (int i = 0; i < lower.length(); i++) {
      int c = b[s + i];
      if (c >= 'A' && c <= 'Z') c += 32;
      if (c != lower.charAt(i)) return false;
    }
    return true;
  }

  private static boolean startsWith(byte[] b, String prefix) {
    for (int i = 0; i < prefix.length(); i++) {
      if (b[i] != prefix.charAt(i)) return false;
    }
    return true;
  }

  private static int indexOf(byte[] b, int from, byte c) {
    for (int i = from; i < b.length; i++) {
      if (b[i] == c) return i;
    }
    return b.length;
  }

  private static boolean isDigit(byte c) {
    return c >= '0' && c <= '9';
  }
}
