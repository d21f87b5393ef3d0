package io.gatehouse.plugins.requesttransformer;

import static io.gatehouse.core.entity.Typedefs.headerName;
import static io.gatehouse.core.entity.Typedefs.httpMethod;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.gatehouse.core.schema.Field;
import io.gatehouse.plugin.ConfigBinding;
import io.gatehouse.plugin.PhaseHandler;
import io.gatehouse.plugin.Plugin;
import io.gatehouse.plugin.PluginSnapshot;
import java.util.List;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/** request-transformer (reference plugins §15). */
public final class RequestTransformerPlugin implements Plugin<Rules> {

  /** The config as stored; compiled into {@link Rules} when bound. */
  public record Raw(@Nullable String httpMethod, @Nullable Ops remove, @Nullable Ops rename, @Nullable Ops replace,
      @Nullable Ops add, @Nullable Ops append) {}

  /** One operation's lists ({@code uri} only for replace). */
  public record Ops(@Nullable List<String> headers, @Nullable List<String> querystring, @Nullable List<String> body,
      @Nullable String uri) {}

  @Override
  public String name() {
    return "request-transformer";
  }

  @Override
  public int priority() {
    return 801;
  }

  @Override
  public Set<String> protocols() {
    return ALL_PROTOCOLS;
  }

  @Override
  public Field configSchema() {
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

  @Override
  public Class<Rules> configType() {
    return Rules.class;
  }

  @Override
  public Rules bind(ObjectNode config) {
    return Rules.compile(ConfigBinding.bind(config, Raw.class));
  }

  @Override
  public PhaseHandler<Rules> handler(PluginSnapshot snapshot) {
    return new RequestTransformer();
  }
}
