package io.gatehouse.proxy.balancer;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Published xxHash32 answers, not outputs of this code: the reference implementation's self-test
 * (the empty input, seed 0 and seed PRIME32_1 = 2654435761), and the vectors other independent
 * implementations pin (pierrec/lz4's xxh32 table; python-xxhash's README for "Nobody inspects the
 * spammish repetition"). Lengths cover the short path (< 16 bytes), exactly one 16-byte stripe,
 * stripes plus 4-byte words plus single bytes, and multi-byte UTF-8.
 */
class XxHash32Test {

  @ParameterizedTest(name = "xxh32(\"{0}\", 0) = {1}")
  @CsvSource({
      "'', 02cc5d05",
      "a, 550d7456",
      "ab, 4999fc53",
      "abc, 32d153ff",
      "abcd, a3643705",
      "abcde, 9738f19b",
      "abcdef, 8b7cd587",
      "abcdefg, 9dd093b3",
      "abcdefgh, 0bb3c6bb",
      "abcdefghi, d03c13fd",
      "abcdefghij, 8b988cfe",
      "abcdefghijklmnop, 9d2d8b62",
      "abcd0123efgh4567, 4b62a7cf",
      "abcd0123efgh4567ijkl, c33a7641",
      "abcdefghijklmnopqrstuvwxyz0123456789, 42ae804d",
      "Nobody inspects the spammish repetition, e2293b2f",
  })
  void seedZero(String input, String hex) {
    long expected = Long.parseLong(hex, 16);
    assertThat(XxHash32.hash(input)).isEqualTo(expected);
    assertThat(XxHash32.hash(input.getBytes(StandardCharsets.UTF_8)) & 0xFFFFFFFFL).isEqualTo(expected);
  }

  @ParameterizedTest(name = "xxh32(\"{0}\", {1}) = {2}")
  @CsvSource({
      "'', 2654435761, 36b78ae7",
      "'', 1, 0b2cb792",
      "'', 42, d5be6eb8",
      "abcd, 42, e37d5ac5",
      "abcd0123, 42, 0a1e5fd9",
      "abcd0123efgh, 42, 50272acf",
      "abcd0123efgh4567, 42, c60be75c",
      "abcd0123efgh4567ijkl, 42, c890e852",
  })
  void otherSeeds(String input, long seed, String hex) {
    assertThat(XxHash32.hash(input.getBytes(StandardCharsets.UTF_8), (int) seed) & 0xFFFFFFFFL)
        .isEqualTo(Long.parseLong(hex, 16));
  }
}
