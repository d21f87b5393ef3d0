package io.gatehouse.plugins.llm;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A streamed JSON array's elements, wherever the chunks are cut (strings with brackets and escapes included). */
class JsonArrayStreamTest {
  @Test
  void elements_whatever_the_cut() {
    String array = "[{\"a\":\"x]}\\\"{\",\"b\":[1,{\"c\":2}]}\n,\r\n{\"d\":\"\\\\\"}\n]";
    byte[] all = array.getBytes(StandardCharsets.UTF_8);
    List<SseEvent> expected = List.of(new SseEvent(null, "{\"a\":\"x]}\\\"{\",\"b\":[1,{\"c\":2}]}"),
        new SseEvent(null, "{\"d\":\"\\\\\"}"), new SseEvent(null, StreamTranslator.DONE));
    assertThat(new JsonArrayStream().feed(all)).isEqualTo(expected);
    for (int cut = 1; cut < all.length; cut++) {
      JsonArrayStream s = new JsonArrayStream();
      List<SseEvent> got = new ArrayList<>(s.feed(Arrays.copyOfRange(all, 0, cut)));
      got.addAll(s.feed(Arrays.copyOfRange(all, cut, all.length)));
      assertThat(got).as("cut at %d", cut).isEqualTo(expected);
    }
  }
}
