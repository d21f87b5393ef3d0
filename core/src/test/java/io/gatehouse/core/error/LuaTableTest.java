package io.gatehouse.core.error;

import static org.assertj.core.api.Assertions.assertThat;

import io.gatehouse.core.json.Json;
import org.junit.jupiter.api.Test;

class LuaTableTest {
  @Test
  void renders_sorted_keys_quoted_strings_and_nulls() { // §2.6 message renderings
    var v = Json.object().put("service", (String) null).put("name", "basic-auth");
    v.set("consumer", Json.object().put("id", "x"));
    assertThat(LuaTable.render(v)).isEqualTo("{consumer={id=\"x\"},name=\"basic-auth\",service=null}");
    assertThat(LuaTable.render(Json.array().add("a").add(1))).isEqualTo("{\"a\",1}");
  }
}
