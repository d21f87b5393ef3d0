package io.gatehouse.plugins.responsetransformer;

import io.gatehouse.sdk.BodyPhase;
import io.gatehouse.sdk.Default;
import io.gatehouse.sdk.HeaderName;
import io.gatehouse.sdk.HeaderPhase;
import io.gatehouse.sdk.OneOf;
import io.gatehouse.sdk.PluginInfo;
import io.gatehouse.sdk.PreparedPlugin;
import java.util.List;
import org.jspecify.annotations.Nullable;

/** response-transformer (reference plugins §16): header rules in header_filter, JSON rules in body_filter. */
@PluginInfo(name = "response-transformer", priority = 800)
public final class ResponseTransformerPlugin
    implements PreparedPlugin<ResponseTransformerPlugin.Settings, ResponseTransformerPlugin.Config> {

  /** The config as Kong declares it: {@code remove} checks header names, {@code rename} does not. */
  public record Settings(Remove remove, Rename rename, Values replace, Values add, Values append) {}

  public record Remove(@Default({}) List<String> json, @Default({}) List<@HeaderName String> headers) {}

  public record Rename(@Default({}) List<String> json, @Default({}) List<String> headers) {}

  public record Values(@Default({}) List<String> json,
      @Default({}) List<@OneOf({"boolean", "number", "string"}) String> jsonTypes, @Default({}) List<String> headers) {}

  /** What the phases use: every operation in one shape. */
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

    static Ops of(Values v) {
      return new Ops(v.headers(), v.json(), v.jsonTypes());
    }
  }

  private final ResponseTransformer transformer = new ResponseTransformer();

  @Override
  public Config prepare(Settings s) {
    return new Config(new Ops(s.remove().headers(), s.remove().json(), null),
        new Ops(s.rename().headers(), s.rename().json(), null),
        Ops.of(s.replace()), Ops.of(s.add()), Ops.of(s.append()));
  }

  @Override
  public void headerFilter(HeaderPhase ctx, Config config) {
    transformer.headerFilter(ctx, config);
  }

  @Override
  public boolean filtersBody(HeaderPhase ctx, Config config) {
    return transformer.filtersBody(ctx, config);
  }

  @Override
  public byte[] bodyFilter(BodyPhase ctx, Config config, byte[] chunk, boolean last) {
    return transformer.bodyFilter(ctx, config, chunk, last);
  }
}
