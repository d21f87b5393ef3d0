package io.gatehouse.plugins.responsetransformer;

import static io.gatehouse.core.entity.Typedefs.headerName;

import io.gatehouse.core.schema.Field;
import io.gatehouse.plugin.Plugin;
import java.util.List;
import org.jspecify.annotations.Nullable;

/** response-transformer (reference plugins §16). */
public final class ResponseTransformerPlugin implements Plugin<ResponseTransformerPlugin.Config> {

  /** The bound config. */
  public record Config(Ops remove, Ops rename, Ops replace, Ops add, Ops append) {
    boolean hasJsonRules() {
      return !remove.json().isEmpty() || !rename.json().isEmpty() || !replace.json().isEmpty()
          || !add.json().isEmpty() || !append.json().isEmpty();
    }
  }

  /** One operation's lists ({@code json_types} only for replace, add, append). */
  public record Ops(List<String> headers, List<String> json, @Nullable List<String> jsonTypes) {
    public Ops {
      headers = headers == null ? List.of() : List.copyOf(headers);
      json = json == null ? List.of() : List.copyOf(json);
      jsonTypes = jsonTypes == null ? List.of() : List.copyOf(jsonTypes);
    }
  }

  private final ResponseTransformer handler = new ResponseTransformer();

  @Override
  public String name() {
    return "response-transformer";
  }

  @Override
  public int priority() {
    return 800;
  }

  @Override
  public Field configSchema() {
    return Field.record("config",
        ops("remove", false, true), ops("rename", false, true), ops("replace", true, false),
        ops("add", true, false), ops("append", true, false));
  }

  private static Field ops(String name, boolean types, boolean namesOnly) {
    Field headers = Field.array("headers", namesOnly && name.equals("remove")
        ? Field.element(Field.Type.STRING).check(headerName()) : Field.element(Field.Type.STRING))
        .required().defaultValue(List.of());
    Field json = Field.array("json", Field.element(Field.Type.STRING)).required().defaultValue(List.of());
    if (!types) {
      return Field.record(name, json, headers).required();
    }
    Field jsonTypes = Field.array("json_types", Field.element(Field.Type.STRING).oneOf("boolean", "number", "string"))
        .required().defaultValue(List.of());
    return Field.record(name, json, jsonTypes, headers).required();
  }

  @Override
  public Class<Config> configType() {
    return Config.class;
  }

  @Override
  public io.gatehouse.plugin.PhaseHandler<Config> handler(io.gatehouse.plugin.PluginSnapshot snapshot) {
    return handler;
  }
}
