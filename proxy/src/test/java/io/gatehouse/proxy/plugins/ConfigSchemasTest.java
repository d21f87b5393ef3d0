package io.gatehouse.proxy.plugins;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.gatehouse.core.entity.Typedefs;
import io.gatehouse.core.schema.Field;
import io.gatehouse.sdk.Between;
import io.gatehouse.sdk.Default;
import io.gatehouse.sdk.HeaderName;
import io.gatehouse.sdk.Len;
import io.gatehouse.sdk.Name;
import io.gatehouse.sdk.OneOf;
import io.gatehouse.sdk.Referenceable;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

/** A record's derived schema renders exactly what the hand-written Field schema rendered. */
class ConfigSchemasTest {

  record KeyAuth(
      @Default("apikey") List<@HeaderName String> keyNames,
      @Default("false") boolean hideCredentials,
      @Nullable String anonymous,
      @Default("true") boolean keyInHeader,
      @Default("true") boolean keyInQuery,
      @Default("false") boolean keyInBody,
      @Default("true") boolean runOnPreflight,
      @Nullable String realm) {}

  @Test
  void key_auth_schema_is_the_hand_written_one() {
    Field old = Field.record("config",
        Field.array("key_names", Field.element(Field.Type.STRING).check(Typedefs.headerName())).required()
            .defaultValue(List.of("apikey")),
        Field.bool("hide_credentials").required().defaultValue(false),
        Field.string("anonymous"),
        Field.bool("key_in_header").required().defaultValue(true),
        Field.bool("key_in_query").required().defaultValue(true),
        Field.bool("key_in_body").required().defaultValue(false),
        Field.bool("run_on_preflight").required().defaultValue(true),
        Field.string("realm"));
    Field derived = ConfigSchemas.config(KeyAuth.class);
    assertThat(derived.describe()).isEqualTo(old.describe());
    assertThat(derived.field("key_names").elements().checks()).hasSize(1);
    assertThat(derived.field("key_names").elements().checks().getFirst().apply(
        io.gatehouse.core.json.Json.MAPPER.valueToTree("bad name"))).startsWith("bad header name 'bad name'");
  }

  record Inner(String host, @Default("6379") @Between(min = 0, max = 65535) int port) {}

  record Everything(
      @OneOf({"local", "redis"}) @Default("local") String policy,
      @Default("1.5") double ratio,
      @Between(min = 0, max = 1) @Nullable Double sample,
      @Len(min = 1) @Nullable String path,
      @Referenceable @Nullable String password,
      @Default({}) Set<@OneOf({"GET", "POST"}) String> methods,
      @Nullable Map<String, Long> limits,
      @Name("config_2") @Nullable Inner redis,
      long count) {}

  @Test
  void every_supported_declaration_maps_to_kong_vocabulary() {
    Field old = Field.record("config",
        Field.string("policy").required().defaultValue("local").oneOf("local", "redis"),
        Field.number("ratio").required().defaultValue(1.5),
        Field.number("sample").between(0, 1),
        Field.string("path").lenMin(1),
        Field.string("password").referenceable(),
        Field.set("methods", Field.element(Field.Type.STRING).oneOf("GET", "POST")).required().defaultValue(List.of()),
        Field.map("limits", Field.element(Field.Type.STRING), Field.element(Field.Type.INTEGER)),
        Field.record("config_2",
            Field.string("host").required(),
            Field.integer("port").required().defaultValue(6379).between(0, 65535)),
        Field.integer("count").required());
    assertThat(ConfigSchemas.config(Everything.class).describe()).isEqualTo(old.describe());
  }

  record Unsupported(Object value) {}

  @Test
  void an_unsupported_component_type_is_refused_with_its_name() {
    assertThatThrownBy(() -> ConfigSchemas.config(Unsupported.class))
        .hasMessageContaining("config field 'value': unsupported type java.lang.Object");
  }

  @Test
  void component_names_become_snake_case() {
    assertThat(ConfigSchemas.snakeCase("keyInHeader")).isEqualTo("key_in_header");
    assertThat(ConfigSchemas.snakeCase("origins")).isEqualTo("origins");
  }
}
