package io.gatehouse.plugins.llm;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Events split anywhere across chunks come out whole, once (Kong's {@code frame_to_events} cases). */
class SseParserTest {
  private static final String STREAM = "event: message_start\r\ndata: {\"a\":1}\r\n\r\n: keep-alive\n\n"
      + "event: content_block_delta\ndata: {\"b\":\ndata: 2}\n\ndata: [DONE]\n\n{\"done\":true}\n";

  @Test
  void every_split_gives_the_same_events() {
    byte[] all = STREAM.getBytes(StandardCharsets.UTF_8);
    List<SseEvent> whole = new SseParser().feed(all, true);
    assertThat(whole).containsExactly(new SseEvent("message_start", "{\"a\":1}"),
        new SseEvent("content_block_delta", "{\"b\":\n2}"), new SseEvent(null, "[DONE]"),
        new SseEvent(null, "{\"done\":true}"));
    for (int cut = 1; cut < all.length; cut++) {
      SseParser p = new SseParser();
      List<SseEvent> got = new ArrayList<>(p.feed(java.util.Arrays.copyOfRange(all, 0, cut), false));
      got.addAll(p.feed(java.util.Arrays.copyOfRange(all, cut, all.length), true));
      assertThat(got).as("cut at %d", cut).isEqualTo(whole);
    }
  }

  @Test
  void an_event_without_its_blank_line_ends_with_the_stream() {
    SseParser p = new SseParser();
    assertThat(p.feed("data: {\"x\":1}".getBytes(StandardCharsets.UTF_8), false)).isEmpty();
    assertThat(p.feed(new byte[0], true)).containsExactly(new SseEvent(null, "{\"x\":1}"));
  }
}
