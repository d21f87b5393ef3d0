package io.gatehouse.plugins.airesponsetransformer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** Kong's {@code parse_json_instructions}: status, headers and body from the model's JSON. */
class JsonInstructionsTest {

  @Test
  void status_headers_and_body_are_read() {
    JsonInstructions in = JsonInstructions.parse("{\"status\":418,\"headers\":{\"X-A\":\"1\",\"X-N\":2},\"body\":\"tea\"}");
    assertThat(in.status()).isEqualTo(418);
    assertThat(in.headers()).containsExactly(Map.entry("X-A", "1"), Map.entry("X-N", "2"));
    assertThat(in.body()).isEqualTo("tea");
  }

  @Test
  void without_body_the_whole_object_is_the_body_and_status_is_200() {
    JsonInstructions in = JsonInstructions.parse("{\"answer\":42}");
    assertThat(in.status()).isEqualTo(200);
    assertThat(in.headers()).isEmpty();
    assertThat(in.body()).isEqualTo(Map.of("answer", 42));
  }

  @Test
  void anything_but_a_json_object_is_refused() {
    assertThatThrownBy(() -> JsonInstructions.parse("You said: hi")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> JsonInstructions.parse("[1,2]")).hasMessage("input not table or string");
    assertThatThrownBy(() -> JsonInstructions.parse("{\"status\":\"abc\"}")).hasMessageContaining("status");
  }
}
