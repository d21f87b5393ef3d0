package io.gatehouse.testsupport.fuzz;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import java.util.List;
import java.util.Random;

/**
 * The decisions a fuzz input generator makes, from either source: a seeded {@link Random} (the
 * bounded runs in the suite, see {@link FuzzRun}) or Jazzer's {@link FuzzedDataProvider} (the
 * coverage-guided long runs). A generator written against this runs unchanged under both.
 */
public interface Choices {
  /** An int in {@code [min, max]}, both inclusive. */
  int intIn(int min, int max);

  /** Up to {@code maxLength} arbitrary bytes. */
  byte[] bytes(int maxLength);

  default boolean bool() {
    return intIn(0, 1) == 1;
  }

  /** True with roughly {@code percent} chances in 100. */
  default boolean chance(int percent) {
    return intIn(0, 99) < percent;
  }

  default <T> T pick(List<T> options) {
    return options.get(intIn(0, options.size() - 1));
  }

  @SuppressWarnings("unchecked")
  default <T> T pick(T... options) {
    return options[intIn(0, options.length - 1)];
  }

  static Choices random(long seed) {
    Random r = new Random(seed);
    return new Choices() {
      @Override
      public int intIn(int min, int max) {
        return min + r.nextInt(max - min + 1);
      }

      @Override
      public byte[] bytes(int maxLength) {
        byte[] b = new byte[r.nextInt(maxLength + 1)];
        r.nextBytes(b);
        return b;
      }
    };
  }

  static Choices of(FuzzedDataProvider data) {
    return new Choices() {
      @Override
      public int intIn(int min, int max) {
        return data.consumeInt(min, max);
      }

      @Override
      public byte[] bytes(int maxLength) {
        return data.consumeBytes(maxLength);
      }
    };
  }
}
