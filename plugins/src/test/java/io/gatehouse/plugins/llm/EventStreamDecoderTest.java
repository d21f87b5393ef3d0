package io.gatehouse.plugins.llm;

import static org.assertj.core.api.Assertions.assertThat;

import io.gatehouse.plugins.llm.testing.ProviderServer;
import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** AWS event-stream messages come out whole wherever the chunks are cut; a corrupted one is dropped. */
class EventStreamDecoderTest {
  @Test
  void messages_whatever_the_cut() {
    ByteArrayOutputStream stream = new ByteArrayOutputStream();
    stream.writeBytes(ProviderServer.eventStreamFrame("messageStart", "{\"role\":\"assistant\"}"));
    stream.writeBytes(ProviderServer.eventStreamFrame("contentBlockDelta", "{\"delta\":{\"text\":\"Hé\"}}"));
    byte[] all = stream.toByteArray();
    List<SseEvent> expected = List.of(new SseEvent("messageStart", "{\"role\":\"assistant\"}"),
        new SseEvent("contentBlockDelta", "{\"delta\":{\"text\":\"Hé\"}}"));
    for (int cut = 0; cut <= all.length; cut++) {
      EventStreamDecoder d = new EventStreamDecoder();
      List<SseEvent> got = new ArrayList<>(d.feed(Arrays.copyOfRange(all, 0, cut)));
      got.addAll(d.feed(Arrays.copyOfRange(all, cut, all.length)));
      assertThat(got).as("cut at %d", cut).isEqualTo(expected);
    }
    byte[] corrupted = all.clone();
    corrupted[all.length - 6] ^= 1; // inside the second message's payload
    assertThat(new EventStreamDecoder().feed(corrupted)).containsExactly(expected.get(0));
  }
}
