package io.gatehouse.plugins.botdetection;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.re2j.Pattern;
import com.google.re2j.PatternSyntaxException;
import io.gatehouse.core.json.Json;
import io.gatehouse.core.schema.Field;
import io.gatehouse.proxy.plugins.LoadedPlugins;
import java.util.List;
import org.junit.jupiter.api.Test;

/** bot-detection on the SDK: the schema derived from its Settings record is the one it hand-wrote before. */
class BotDetectionSchemaTest {

  @Test
  void derived_schema_renders_as_the_hand_written_one() {
    Field.Check regex = v -> {
      try {
        Pattern.compile(v.asText());
        return null;
      } catch (PatternSyntaxException e) {
        return "not a valid regex: " + v.asText();
      }
    };
    Field before = Field.record("config",
        Field.array("allow", Field.element(Field.Type.STRING).check(regex)).defaultValue(List.of()),
        Field.array("deny", Field.element(Field.Type.STRING).check(regex)).defaultValue(List.of()));
    var plugin = LoadedPlugins.of(new BotDetectionPlugin()).find("bot-detection");
    assertThat(plugin.configSchema().describe()).isEqualTo(before.describe());
    assertThat(plugin.priority()).isEqualTo(2500);
    assertThat(plugin.forbiddenScopes()).extracting(Enum::name).containsExactly("CONSUMER");
  }

  @Test
  void patterns_are_checked_as_regexes() {
    var schema = LoadedPlugins.of(new BotDetectionPlugin()).find("bot-detection").configSchema();
    for (String name : List.of("allow", "deny")) {
      var checks = schema.field(name).elements().checks();
      assertThat(checks).hasSize(1);
      assertThat(checks.getFirst().apply(Json.MAPPER.valueToTree("curl.*"))).isNull();
      assertThat(checks.getFirst().apply(Json.MAPPER.valueToTree("(a"))).isEqualTo("not a valid regex: (a");
    }
  }
}
