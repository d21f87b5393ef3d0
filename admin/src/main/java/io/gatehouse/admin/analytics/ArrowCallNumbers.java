package io.gatehouse.admin.analytics;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.apache.arrow.c.ArrowArrayStream;
import org.apache.arrow.c.Data;
import org.apache.arrow.memory.ArrowBuf;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.VectorLoader;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.VectorUnloader;
import org.apache.arrow.vector.ipc.ArrowReader;
import org.apache.arrow.vector.ipc.message.ArrowRecordBatch;
import org.apache.arrow.vector.types.Types.MinorType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.Schema;
import org.duckdb.DuckDBConnection;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Hands a batch of {@code call_numbers} rows to DuckDB as seven Arrow columns and inserts them with one
 * {@code INSERT ... SELECT}. DuckDB's {@code Appender} costs ~0.45 µs a row more than this on its Java side
 * (docs/performance.md), and a batch of a whole row group ({@link CallSchema#ROW_GROUP} rows) is written by
 * DuckDB straight to the file instead of through its write-ahead log. Writer thread only.
 */
final class ArrowCallNumbers implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(ArrowCallNumbers.class);
  /** The name the batch is scanned under on the writer's connection. */
  private static final String SCAN = "gatehouse_call_batch";
  private static final String INSERT = "INSERT INTO " + CallSchema.NUMBERS + " SELECT * FROM " + SCAN;

  private final BufferAllocator allocator;
  private final VectorSchemaRoot root;
  private final ArrowBuf[] data;

  private ArrowCallNumbers(BufferAllocator allocator, int capacity) {
    List<Field> fields = new ArrayList<>();
    for (String name : CallSchema.NUMBERS_COLUMNS) {
      fields.add(Field.notNullable(name, (name.equals("context") ? MinorType.INT : MinorType.BIGINT).getType()));
    }
    this.allocator = allocator;
    this.root = VectorSchemaRoot.create(new Schema(fields), allocator);
    this.data = new ArrowBuf[fields.size()];
    try {
      for (int i = 0; i < data.length; i++) {
        FieldVector v = root.getVector(i);
        v.setInitialCapacity(capacity);
        v.allocateNew();
        v.getValidityBuffer().setOne(0, v.getValidityBuffer().capacity()); // no nulls
        data[i] = v.getDataBuffer();
      }
    } catch (RuntimeException e) {
      root.close(); // gives back the columns taken so far, so that the allocator closes clean
      throw e;
    }
  }

  /**
   * The Arrow route, or null when Arrow cannot run in this JVM (started without {@code --add-opens
   * java.base/java.nio}, or without its native library): the writer then appends row by row.
   */
  static @Nullable ArrowCallNumbers create(int capacity) {
    @Nullable BufferAllocator allocator = null;
    try {
      allocator = new RootAllocator();
      return new ArrowCallNumbers(allocator, capacity);
    } catch (RuntimeException | LinkageError e) {
      if (allocator != null) allocator.close(); // what the columns had taken before one failed (e.g. out of memory)
      LOG.warn("analytics: Arrow is unavailable ({}); calls are appended row by row, which costs more per call."
          + " Start Java with --add-opens=java.base/java.nio=ALL-UNNAMED (the gatehouse launcher does)", e.toString());
      return null;
    }
  }

  /** Inserts the batch's rows as one transaction. */
  void insert(DuckDBConnection c, CallRows rows) throws SQLException {
    int n = rows.size();
    rows.eachRow((row, startedAt, context, idHigh, idLow, strings, latencies, sizes) -> {
      long at = (long) row * Long.BYTES;
      data[0].setLong(at, startedAt);
      data[1].setInt((long) row * Integer.BYTES, context);
      data[2].setLong(at, idHigh);
      data[3].setLong(at, idLow);
      data[4].setLong(at, strings);
      data[5].setLong(at, latencies);
      data[6].setLong(at, sizes);
    });
    for (FieldVector v : root.getFieldVectors()) v.setValueCount(n);
    root.setRowCount(n);
    try (ArrowArrayStream stream = ArrowArrayStream.allocateNew(allocator);
        OneBatch reader = new OneBatch(allocator, root)) {
      Data.exportArrayStream(allocator, reader, stream);
      c.registerArrowStream(SCAN, stream);
      try (Statement s = c.createStatement()) {
        s.execute(INSERT);
      }
    }
  }

  @Override
  public void close() {
    root.close();
    allocator.close();
  }

  /** A stream of one record batch: the writer's columns, shared (not copied) with the reader's root. */
  private static final class OneBatch extends ArrowReader {
    private final VectorSchemaRoot source;
    private boolean read;

    OneBatch(BufferAllocator allocator, VectorSchemaRoot source) {
      super(allocator);
      this.source = source;
    }

    @Override
    public boolean loadNextBatch() throws IOException {
      if (read) return false;
      read = true;
      try (ArrowRecordBatch batch = new VectorUnloader(source).getRecordBatch()) {
        new VectorLoader(getVectorSchemaRoot()).load(batch);
      }
      return true;
    }

    /** Idempotent: the exported stream's release closes it too. */
    @Override
    public void close() {
      try {
        super.close();
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }

    @Override
    public long bytesRead() {
      return 0;
    }

    @Override
    protected void closeReadSource() {}

    @Override
    protected Schema readSchema() {
      return source.getSchema();
    }
  }
}
