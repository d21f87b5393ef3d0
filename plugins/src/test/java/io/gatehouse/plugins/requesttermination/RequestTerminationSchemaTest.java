package io.gatehouse.plugins.requesttermination;

import static io.gatehouse.core.entity.Typedefs.headerName;
import static org.assertj.core.api.Assertions.assertThat;

import io.gatehouse.core.schema.EntityCheck;
import io.gatehouse.core.schema.Field;
import io.gatehouse.plugins.testing.SchemaAssert;
import io.gatehouse.proxy.plugins.LoadedPlugins;
import java.util.List;
import org.junit.jupiter.api.Test;

/** request-termination on the SDK: the derived schema and its checks are the hand-written ones. */
class RequestTerminationSchemaTest {

  @Test
  void derived_schema_and_checks_are_the_hand_written_ones() {
    Field before = Field.record("config",
            Field.integer("status_code").required().defaultValue(503).between(100, 599),
            Field.string("message"),
            Field.string("content_type"),
            Field.string("body"),
            Field.bool("echo").required().defaultValue(false),
            Field.string("trigger").check(headerName()))
        .recordCheck(EntityCheck.custom(List.of("message", "content_type", "body", "echo"), (c, errors) -> {
          boolean message = !EntityCheck.isNull(c.get("message"));
          boolean type = !EntityCheck.isNull(c.get("content_type"));
          boolean body = !EntityCheck.isNull(c.get("body"));
          if (message && (type || body)) {
            errors.entity("message cannot be used with content_type or body");
          } else if (type && !body) {
            errors.entity("content_type requires a body");
          } else if (c.path("echo").asBoolean(false) && (type || body)) {
            errors.entity("echo cannot be used with content_type and body");
          }
        }));
    var plugin = LoadedPlugins.of(new RequestTerminationPlugin()).find("request-termination");
    Field derived = plugin.configSchema();
    SchemaAssert.sameConfig(derived, before, "{}", "{\"message\":\"m\",\"body\":\"b\"}",
        "{\"content_type\":\"text/plain\"}", "{\"echo\":true,\"body\":\"b\",\"content_type\":\"t\"}",
        "{\"echo\":true,\"message\":\"m\"}", "{\"body\":null,\"message\":\"m\"}");
    assertThat(SchemaAssert.configErrors(derived, "{\"content_type\":\"text/plain\"}"))
        .contains("content_type requires a body");
    assertThat(plugin.priority()).isEqualTo(2);
    assertThat(plugin.forbiddenScopes()).isEmpty();
  }
}
