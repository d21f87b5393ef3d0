package io.gatehouse.admin.analytics;

import io.netty.util.NetUtil;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetEncoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.sql.SQLException;
import org.jspecify.annotations.Nullable;
import org.postgresql.copy.CopyIn;
import org.postgresql.copy.CopyManager;

/**
 * The PostgreSQL call table ({@code analytics_calls}): its DDL, and the writer's encoder of a batch
 * into one {@code COPY … FROM STDIN} (text format), streamed in chunks through pgjdbc's
 * {@link CopyManager}. Reused across batches (the writer thread's own); one COPY is one statement,
 * so a batch is written whole or not at all.
 */
final class PostgresCallCopy {
  static final String TABLE = CallDialect.POSTGRES.table;

  /**
   * Idempotent: every node runs it at start (under an advisory lock, so nodes starting together do
   * not race on the catalog). The same columns as the DuckDB table; text columns sort bytewise
   * ({@code COLLATE "C"}), as DuckDB's do, so pages and tie-breaks come out in the same order.
   */
  static final String[] DDL = {
      "CREATE TABLE IF NOT EXISTS " + TABLE + " ("
          + "started_at BIGINT NOT NULL, request_id TEXT COLLATE \"C\" NOT NULL, workspace TEXT COLLATE \"C\" NOT NULL, "
          + "service_id TEXT COLLATE \"C\", service_name TEXT COLLATE \"C\", route_id TEXT COLLATE \"C\", "
          + "route_name TEXT COLLATE \"C\", consumer_id TEXT COLLATE \"C\", consumer_name TEXT COLLATE \"C\", "
          + "method TEXT COLLATE \"C\" NOT NULL, path TEXT COLLATE \"C\" NOT NULL, status SMALLINT NOT NULL, "
          + "latency_request INTEGER NOT NULL, latency_proxy INTEGER NOT NULL, latency_kong INTEGER NOT NULL, "
          + "request_bytes BIGINT NOT NULL, response_bytes BIGINT NOT NULL, client_ip TEXT, upstream TEXT, "
          + "request_headers TEXT, request_body TEXT, response_headers TEXT, response_body TEXT)",
      // time ranges, newest-first pages and retention; one call's detail
      "CREATE INDEX IF NOT EXISTS " + TABLE + "_started_at ON " + TABLE + " (started_at, request_id)",
      "CREATE INDEX IF NOT EXISTS " + TABLE + "_request_id ON " + TABLE + " (request_id)",
  };

  /** Serializes the DDL of nodes starting together (any constant; "gh20" in ASCII). */
  static final long DDL_LOCK = 0x67683230L;

  private static final String COPY = "COPY " + TABLE + " (started_at, request_id, workspace, service_id, service_name, "
      + "route_id, route_name, consumer_id, consumer_name, method, path, status, latency_request, latency_proxy, "
      + "latency_kong, request_bytes, response_bytes, client_ip, upstream, request_headers, request_body, "
      + "response_headers, response_body) FROM STDIN";
  /** Text is encoded and sent once this many chars are buffered. */
  private static final int CHUNK_CHARS = 1 << 15;

  private final StringBuilder text = new StringBuilder(CHUNK_CHARS * 2);
  private final CharsetEncoder utf8 = StandardCharsets.UTF_8.newEncoder()
      .onMalformedInput(CodingErrorAction.REPLACE).onUnmappableCharacter(CodingErrorAction.REPLACE);
  private final ByteBuffer bytes = ByteBuffer.allocate(1 << 16);

  /** Copies the batch's rows in one COPY; returns the rows the server took. */
  long write(CopyManager copy, CallBatch batch) throws SQLException {
    CopyIn in = copy.copyIn(COPY);
    try {
      for (int row = 0; row < batch.size(); row++) {
        appendRow(batch, row);
        if (text.length() >= CHUNK_CHARS) send(in);
      }
      send(in);
      return in.endCopy();
    } finally {
      text.setLength(0);
      if (in.isActive()) {
        try {
          in.cancelCopy();
        } catch (SQLException broken) {
          // the connection is gone; the pool drops it
        }
      }
    }
  }

  /** One row in COPY's text format (the upstream peer is formatted and payloads redacted here, off the event loop). */
  private void appendRow(CallBatch b, int row) {
    text.append(b.number(row, CallRing.STARTED_AT)).append('\t');
    field(b.ref(row, CallRing.REQUEST_ID));
    field(b.ref(row, CallRing.WORKSPACE));
    field(b.ref(row, CallRing.SERVICE_ID));
    field(b.ref(row, CallRing.SERVICE_NAME));
    field(b.ref(row, CallRing.ROUTE_ID));
    field(b.ref(row, CallRing.ROUTE_NAME));
    field(b.ref(row, CallRing.CONSUMER_ID));
    field(b.ref(row, CallRing.CONSUMER_NAME));
    field(b.ref(row, CallRing.METHOD));
    field(b.ref(row, CallRing.PATH));
    text.append((short) b.number(row, CallRing.STATUS)).append('\t');
    text.append(clampInt(b.number(row, CallRing.LATENCY_REQUEST))).append('\t');
    text.append(clampInt(b.number(row, CallRing.LATENCY_PROXY))).append('\t');
    text.append(clampInt(b.number(row, CallRing.LATENCY_KONG))).append('\t');
    text.append(b.number(row, CallRing.REQUEST_BYTES)).append('\t');
    text.append(b.number(row, CallRing.RESPONSE_BYTES)).append('\t');
    field(b.ref(row, CallRing.CLIENT_IP));
    Object upstream = b.ref(row, CallRing.UPSTREAM);
    field(upstream instanceof InetSocketAddress peer ? NetUtil.toSocketAddressString(peer) : upstream);
    if (b.ref(row, CallRing.PAYLOAD) instanceof CapturedPayload p) {
      for (String column : p.rules().render(p)) field(column);
    } else {
      text.append("\\N\t\\N\t\\N\t\\N\t");
    }
    text.setCharAt(text.length() - 1, '\n'); // the last field's tab ends the row
  }

  /** A text field and its tab: COPY's backslash escapes; NUL (which a TEXT value cannot hold) becomes U+FFFD. */
  private void field(@Nullable Object value) {
    if (value == null) {
      text.append("\\N\t");
      return;
    }
    String s = (String) value;
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '\\' -> text.append("\\\\");
        case '\t' -> text.append("\\t");
        case '\n' -> text.append("\\n");
        case '\r' -> text.append("\\r");
        case '\0' -> text.append('\uFFFD');
        default -> text.append(c);
      }
    }
    text.append('\t');
  }

  /** Encodes the buffered text as UTF-8 and sends it. */
  private void send(CopyIn in) throws SQLException {
    CharBuffer chars = CharBuffer.wrap(text);
    utf8.reset();
    while (utf8.encode(chars, bytes, true).isOverflow()) drain(in);
    while (utf8.flush(bytes).isOverflow()) drain(in);
    drain(in);
    text.setLength(0);
  }

  private void drain(CopyIn in) throws SQLException {
    bytes.flip();
    if (bytes.hasRemaining()) in.writeToCopy(bytes.array(), bytes.position(), bytes.remaining());
    bytes.clear();
  }

  private static int clampInt(long v) {
    return (int) Math.max(Integer.MIN_VALUE, Math.min(Integer.MAX_VALUE, v));
  }
}
