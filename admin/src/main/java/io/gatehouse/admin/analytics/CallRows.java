package io.gatehouse.admin.analytics;

import com.fasterxml.jackson.databind.node.ArrayNode;
import io.gatehouse.core.json.Json;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import org.duckdb.DuckDBAppender;
import org.jspecify.annotations.Nullable;

/**
 * The writer's batch of {@code call_numbers} rows, made as calls are drained from the ring: each
 * call becomes seven numbers at once (its strings turned into dictionary keys, its request id into two
 * numbers, its latencies and sizes packed), so the batch holds no reference to the exchange's
 * objects. The rare call that does not fit (a request id that is not 32 hex digits, a captured
 * payload, a number out of its packed range) also gets a {@code call_details} row. Writer thread only.
 */
final class CallRows implements CallSink {
  /**
   * Bits per packed latency, stored plus one so that Kong's -1 (not proxied) fits: -1 to 1,048,574 ms
   * (17 minutes); others go to {@code call_details}.
   */
  static final int LATENCY_BITS = 20;
  static final long LATENCY_MAX = (1L << LATENCY_BITS) - 2;
  /** The request body size packs into the high half of {@code bytes} up to 2 GiB, the response's into the low up to 4 GiB. */
  static final long REQUEST_BYTES_MAX = Integer.MAX_VALUE;
  static final long RESPONSE_BYTES_MAX = 0xFFFF_FFFFL;

  /** A call's exact values where its numbers row cannot hold them. */
  record Detail(int row, @Nullable String idText, long latencyRequest, long latencyProxy, long latencyKong,
      long requestBytes, long responseBytes, @Nullable CapturedPayload payload) {}

  private final int capacity;
  private final CallContexts contexts;
  private final CallStrings strings;
  private final long[] startedAt;
  private final int[] context;
  private final long[] idHigh;
  private final long[] idLow;
  private final long[] keys;
  private final long[] latencies;
  private final long[] bytes;
  private final List<Detail> details = new ArrayList<>();
  private int size;

  CallRows(int capacity, CallContexts contexts, CallStrings strings) {
    this.capacity = capacity;
    this.contexts = contexts;
    this.strings = strings;
    this.startedAt = new long[capacity];
    this.context = new int[capacity];
    this.idHigh = new long[capacity];
    this.idLow = new long[capacity];
    this.keys = new long[capacity];
    this.latencies = new long[capacity];
    this.bytes = new long[capacity];
  }

  int size() {
    return size;
  }

  @Override
  public boolean full() {
    return size == capacity;
  }

  @Override
  public int add(long[] numbers, int n, @Nullable Object[] refs, int r) {
    int row = size;
    startedAt[row] = numbers[n + CallRing.STARTED_AT];
    context[row] = contexts.key(refs, r, (int) numbers[n + CallRing.STATUS]);
    Object client = refs[r + CallRing.CLIENT_IP];
    int clientKey = client == null ? -1 : strings.key((String) client);
    keys[row] = pack(clientKey, strings.key((String) refs[r + CallRing.PATH]));
    long lr = numbers[n + CallRing.LATENCY_REQUEST];
    long lp = numbers[n + CallRing.LATENCY_PROXY];
    long lk = numbers[n + CallRing.LATENCY_KONG];
    latencies[row] = latency(lr) | latency(lp) << LATENCY_BITS | latency(lk) << 2 * LATENCY_BITS;
    long rq = numbers[n + CallRing.REQUEST_BYTES];
    long rs = numbers[n + CallRing.RESPONSE_BYTES];
    bytes[row] = clamp(rq, REQUEST_BYTES_MAX) << 32 | clamp(rs, RESPONSE_BYTES_MAX);
    boolean hex = numbers[n + CallRing.ID_HEX] != 0; // the id's text is read only when it is not two numbers
    if (hex) {
      idHigh[row] = numbers[n + CallRing.ID_HIGH];
      idLow[row] = numbers[n + CallRing.ID_LOW];
    } else { // a detail row holds the text; these two only join the rows (unique enough with started_at)
      idHigh[row] = 0;
      idLow[row] = ThreadLocalRandom.current().nextLong();
    }
    Object payload = refs[r + CallRing.PAYLOAD];
    if (!hex || payload != null || !fits(lr + 1, LATENCY_MAX + 1) || !fits(lp + 1, LATENCY_MAX + 1)
        || !fits(lk + 1, LATENCY_MAX + 1) || !fits(rq, REQUEST_BYTES_MAX) || !fits(rs, RESPONSE_BYTES_MAX)) {
      details.add(new Detail(row, hex ? null : (String) refs[r + CallRing.REQUEST_ID], lr, lp, lk, rq, rs, (CapturedPayload) payload));
      latencies[row] |= CallSchema.DETAILED;
    }
    return size++;
  }

  @Override
  public void removeLast(int row) {
    if (row != size - 1) throw new IllegalStateException("not the last row: " + row);
    if (!details.isEmpty() && details.getLast().row() == row) details.removeLast();
    size--;
  }

  void clear() {
    details.clear();
    size = 0;
  }

  /** Where {@link #eachRow} hands a row's seven numbers. */
  @FunctionalInterface
  interface RowTarget {
    void row(int row, long startedAt, int context, long idHigh, long idLow, long strings, long latencies, long sizes)
        throws SQLException;
  }

  /** Hands each row's {@code call_numbers} values to the target, in order. */
  void eachRow(RowTarget target) throws SQLException {
    for (int row = 0; row < size; row++) {
      target.row(row, startedAt[row], context[row], idHigh[row], idLow[row], keys[row], latencies[row], bytes[row]);
    }
  }

  /** Appends the batch's rows to {@code call_numbers} one by one (when Arrow is unavailable). */
  void appendRows(DuckDBAppender a) throws SQLException {
    eachRow((row, startedAt, context, idHigh, idLow, strings, latencies, sizes) -> a.beginRow()
        .append(startedAt).append(context).append(idHigh).append(idLow).append(strings).append(latencies)
        .append(sizes).endRow());
  }

  boolean anyDetails() {
    return !details.isEmpty();
  }

  /** Appends the batch's {@code call_details} rows (payloads redacted here, on the writer thread). */
  void appendDetails(DuckDBAppender a) throws SQLException {
    for (Detail d : details) {
      a.beginRow();
      a.append(startedAt[d.row()]);
      a.append(idHigh[d.row()]);
      a.append(idLow[d.row()]);
      if (d.idText() == null) a.appendNull(); else a.append(d.idText());
      a.append(clampInt(d.latencyRequest()));
      a.append(clampInt(d.latencyProxy()));
      a.append(clampInt(d.latencyKong()));
      a.append(d.requestBytes());
      a.append(d.responseBytes());
      if (d.payload() == null) {
        a.appendNull();
      } else {
        ArrayNode columns = Json.array();
        for (String column : d.payload().rules().render(d.payload())) {
          if (column == null) columns.addNull(); else columns.add(column);
        }
        a.append(columns.toString());
      }
      a.endRow();
    }
  }

  /** The client address key (-1 for none) in the high half, the path key in the low half: never negative. */
  static long pack(int clientKey, int pathKey) {
    return (long) (clientKey + 1) << 32 | (pathKey & 0xFFFF_FFFFL);
  }

  /** A latency as packed: plus one, clamped to the field. */
  private static long latency(long ms) {
    return clamp(ms + 1, LATENCY_MAX + 1);
  }

  private static int clampInt(long v) {
    return (int) Math.max(Integer.MIN_VALUE, Math.min(Integer.MAX_VALUE, v));
  }

  private static boolean fits(long v, long max) {
    return v >= 0 && v <= max;
  }

  private static long clamp(long v, long max) {
    return Math.max(0, Math.min(max, v));
  }
}
