package io.gatehouse.admin.analytics;

import org.jspecify.annotations.Nullable;

/**
 * The writer thread's reusable copy of drained calls, in the ring's row layout ({@link CallRing}'s
 * column indexes), appended to the store as one transaction.
 */
final class CallBatch implements CallSink {
  private final int capacity;
  private final long[] numbers;
  private final @Nullable Object[] refs;
  private int size;

  CallBatch(int capacity) {
    this.capacity = capacity;
    this.numbers = new long[capacity * CallRing.NUMBERS];
    this.refs = new Object[capacity * CallRing.REFS];
  }

  int size() {
    return size;
  }

  @Override
  public boolean full() {
    return size == capacity;
  }

  @Override
  public int add(long[] fromNumbers, int numbersAt, @Nullable Object[] fromRefs, int refsAt) {
    System.arraycopy(fromNumbers, numbersAt, numbers, size * CallRing.NUMBERS, CallRing.NUMBERS);
    System.arraycopy(fromRefs, refsAt, refs, size * CallRing.REFS, CallRing.REFS);
    return size++;
  }

  @Override
  public void removeLast(int row) {
    if (row != size - 1) throw new IllegalStateException("not the last row: " + row);
    size--;
  }

  long number(int row, int column) {
    return numbers[row * CallRing.NUMBERS + column];
  }

  @Nullable Object ref(int row, int column) {
    return refs[row * CallRing.REFS + column];
  }

  /** Empties the batch, letting go of the strings it held. */
  void clear() {
    java.util.Arrays.fill(refs, 0, size * CallRing.REFS, null);
    size = 0;
  }
}
