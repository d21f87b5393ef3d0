package io.gatehouse.proxy.http;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class RequestIdsTest {
  @Test
  void anIdIsItsTwoHalvesInHex() {
    String id = RequestIds.format(0x0123456789abcdefL, -1L);
    assertThat(id).isEqualTo("0123456789abcdefffffffffffffffff");
    assertThat(RequestIds.isHex(id)).isTrue();
    assertThat(RequestIds.high(id)).isEqualTo(0x0123456789abcdefL);
    assertThat(RequestIds.low(id)).isEqualTo(-1L);
  }

  @Test
  void madeIdsParseBack() {
    for (int i = 0; i < 100; i++) {
      String id = RequestIds.next();
      assertThat(RequestIds.isHex(id)).as(id).isTrue();
      assertThat(RequestIds.format(RequestIds.high(id), RequestIds.low(id))).isEqualTo(id);
    }
  }

  @Test
  void onlyThirtyTwoLowerCaseHexDigitsAreHex() {
    assertThat(RequestIds.isHex("0123456789ABCDEF0123456789abcdef")).isFalse();
    assertThat(RequestIds.isHex("0123456789abcdef0123456789abcde")).isFalse();
    assertThat(RequestIds.isHex("req-1")).isFalse();
  }
}
