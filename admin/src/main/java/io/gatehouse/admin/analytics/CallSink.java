package io.gatehouse.admin.analytics;

import org.jspecify.annotations.Nullable;

/** Where {@link CallRing#drainTo} copies calls: a row at a time, in the ring's column layout. */
interface CallSink {
  boolean full();

  /**
   * Takes the call at {@code numbersAt} / {@code refsAt} ({@link CallRing}'s column indexes); returns
   * its index. The ring may still be overwriting it: {@link #removeLast} then forgets it.
   */
  int add(long[] numbers, int numbersAt, @Nullable Object[] refs, int refsAt);

  /** Forgets the row just added (it was overwritten while copied). */
  void removeLast(int row);
}
