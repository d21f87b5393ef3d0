package io.gatehouse.plugins.httplog;

import static io.gatehouse.core.entity.Typedefs.headerName;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.gatehouse.core.json.Json;
import io.gatehouse.core.schema.EntityCheck;
import io.gatehouse.core.schema.Field;
import io.gatehouse.plugins.logqueue.LogFields;
import io.gatehouse.plugins.testing.SchemaAssert;
import io.gatehouse.proxy.plugins.LoadedPlugins;
import java.net.URI;
import java.util.List;
import java.util.Locale;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

/** http-log on the SDK: the derived schema, its field checks and its entity check are the hand-written ones. */
class HttpLogSchemaTest {
  private final io.gatehouse.proxy.plugins.LoadedPlugin<?, ?> plugin = LoadedPlugins.of(new HttpLogPlugin()).find("http-log");

  /** The old {@code configSchema()}, with the old {@code QueueConfig.schema()}. */
  private static Field before() {
    Field queue = Field.record("queue",
        Field.integer("max_batch_size").required().defaultValue(1).between(1, 1_000_000),
        Field.number("max_coalescing_delay").required().defaultValue(1).between(0, 3600),
        Field.integer("max_entries").required().defaultValue(10000).between(1, 1_000_000),
        Field.integer("max_bytes"),
        Field.number("max_retry_time").required().defaultValue(60),
        Field.number("initial_retry_delay").required().defaultValue(0.01).between(0.001, 1_000_000),
        Field.number("max_retry_delay").required().defaultValue(60).between(0.001, 1_000_000),
        Field.integer("concurrency_limit").required().defaultValue(1).oneOf(-1, 1));
    return Field.record("config",
            Field.string("http_endpoint").required().referenceable().check(v -> urlError(v.asText())),
            Field.string("method").required().defaultValue("POST").oneOf("POST", "PUT", "PATCH"),
            Field.string("content_type").required().defaultValue("application/json")
                .oneOf("application/json", "application/json; charset=utf-8"),
            Field.number("timeout").required().defaultValue(10000),
            Field.number("keepalive").required().defaultValue(60000),
            Field.map("headers", Field.element(Field.Type.STRING).check(headerName()).check(HttpLogSchemaTest::forbiddenHeader),
                Field.element(Field.Type.STRING).referenceable()),
            queue.required(),
            LogFields.customFieldsByLua(),
            Field.integer("retry_count"),
            Field.integer("queue_size"),
            Field.number("flush_timeout"))
        .recordCheck(EntityCheck.custom(List.of("http_endpoint", "headers"), (c, errors) -> {
          JsonNode endpoint = c.get("http_endpoint");
          JsonNode headers = c.get("headers");
          if (endpoint == null || !endpoint.isTextual() || headers == null || !headers.isObject()) return;
          boolean authorization = false;
          for (var it = headers.fieldNames(); it.hasNext(); ) {
            authorization |= it.next().equalsIgnoreCase("authorization");
          }
          if (authorization && HttpLogPlugin.userInfo(endpoint.asText()) != null) {
            errors.rootEntity("specifying both an 'Authorization' header and user info in 'http_endpoint' is not allowed");
          }
        }));
  }

  private static @Nullable String urlError(String url) {
    URI uri;
    try {
      uri = new URI(url);
    } catch (Exception e) {
      return "could not parse url. " + e.getMessage();
    }
    if (uri.getHost() == null) return "missing host in url";
    if (uri.getScheme() == null) return "missing scheme in url";
    return null;
  }

  private static @Nullable String forbiddenHeader(JsonNode name) {
    return switch (name.asText().toLowerCase(Locale.ROOT)) {
      case "host" -> "cannot contain 'Host' header";
      case "content-length" -> "cannot contain 'Content-Length' header";
      case "content-type" -> "cannot contain 'Content-Type' header";
      default -> null;
    };
  }

  @Test
  void config_schema_and_entity_check_are_the_hand_written_ones() {
    Field derived = plugin.configSchema();
    SchemaAssert.sameConfig(derived, before(), "{\"http_endpoint\":\"http://h/\"}",
        "{\"http_endpoint\":\"http://u:p@h/\",\"headers\":{\"X\":\"1\"}}",
        "{\"http_endpoint\":\"http://h/\",\"headers\":{\"authorization\":\"1\"}}",
        "{\"http_endpoint\":\"http://u:p@h/\",\"headers\":{\"Authorization\":\"1\"}}");
    assertThat(SchemaAssert.configErrors(derived,
        "{\"http_endpoint\":\"http://u:p@h/\",\"headers\":{\"Authorization\":\"1\"}}"))
        .isEqualTo("{\"config\":{},\"root\":{\"@entity\":[\"specifying both an 'Authorization' header and user "
            + "info in 'http_endpoint' is not allowed\"]}}");
    assertThat(plugin.priority()).isEqualTo(12);
  }

  @Test
  void url_and_header_checks_answer_the_same_messages() {
    Field derived = plugin.configSchema();
    Field old = before();
    for (String url : new String[] {"http://h/", "h/x", "http:///x", "://", "http://u:p@h:1/p"}) {
      JsonNode v = Json.MAPPER.valueToTree(url);
      assertThat(messages(derived.field("http_endpoint"), v)).as(url).isEqualTo(messages(old.field("http_endpoint"), v));
    }
    for (String name : new String[] {"X-Ok", "Host", "content-length", "Content-Type", "bad header"}) {
      JsonNode v = Json.MAPPER.valueToTree(name);
      assertThat(messages(derived.field("headers").keys(), v)).as(name)
          .isEqualTo(messages(old.field("headers").keys(), v));
    }
  }

  private static List<@Nullable String> messages(Field f, JsonNode v) {
    return f.checks().stream().map(c -> c.apply(v)).toList();
  }
}
