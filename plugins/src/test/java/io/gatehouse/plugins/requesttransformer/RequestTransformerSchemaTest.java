package io.gatehouse.plugins.requesttransformer;

import static io.gatehouse.core.entity.Typedefs.headerName;
import static io.gatehouse.core.entity.Typedefs.httpMethod;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.gatehouse.core.json.Json;
import io.gatehouse.core.schema.Field;
import io.gatehouse.plugins.testing.SchemaAssert;
import io.gatehouse.proxy.plugins.LoadedPlugins;
import java.util.List;
import org.junit.jupiter.api.Test;

/** request-transformer on the SDK: the derived config schema and its checks are the hand-written ones. */
class RequestTransformerSchemaTest {
  private final io.gatehouse.proxy.plugins.LoadedPlugin<?, ?> plugin =
      LoadedPlugins.of(new RequestTransformerPlugin()).find("request-transformer");

  private static Field before() {
    return Field.record("config",
        Field.string("http_method").check(httpMethod()),
        ops("remove", false),
        ops("rename", false),
        ops("replace", true),
        ops("add", false),
        ops("append", false));
  }

  private static Field ops(String name, boolean uri) {
    Field headers = Field.array("headers", Field.element(Field.Type.STRING)).required().defaultValue(List.of());
    Field qs = Field.array("querystring", Field.element(Field.Type.STRING)).required().defaultValue(List.of());
    Field body = Field.array("body", Field.element(Field.Type.STRING)).required().defaultValue(List.of());
    if (name.equals("remove")) {
      headers = Field.array("headers", Field.element(Field.Type.STRING).check(headerName())).required()
          .defaultValue(List.of());
    }
    return uri ? Field.record(name, body, headers, qs, Field.string("uri")).required()
        : Field.record(name, body, headers, qs).required();
  }

  @Test
  void config_schema_is_the_hand_written_one() {
    SchemaAssert.sameConfig(plugin.configSchema(), before(), "{}", "{\"http_method\":\"get\"}");
    assertThat(plugin.priority()).isEqualTo(801);
    assertThat(plugin.protocols()).isEqualTo(io.gatehouse.sdk.Protocols.ALL.names());
  }

  @Test
  void method_and_header_name_checks_answer_the_same_messages() {
    Field derived = plugin.configSchema();
    Field old = before();
    for (String m : new String[] {"GET", "get", "PURGE", "G E", ""}) {
      JsonNode v = Json.MAPPER.valueToTree(m);
      assertThat(derived.field("http_method").checks().getFirst().apply(v)).as(m)
          .isEqualTo(old.field("http_method").checks().getFirst().apply(v));
    }
    Field derivedNames = derived.field("remove").field("headers").elements();
    Field oldNames = old.field("remove").field("headers").elements();
    assertThat(derivedNames.checks()).hasSize(1);
    for (String h : new String[] {"X-Ok", "bad header", "a:b"}) {
      JsonNode v = Json.MAPPER.valueToTree(h);
      assertThat(derivedNames.checks().getFirst().apply(v)).as(h).isEqualTo(oldNames.checks().getFirst().apply(v));
    }
    assertThat(derived.field("rename").field("headers").elements().checks()).isEmpty();
  }
}
