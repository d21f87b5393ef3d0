package io.gatehouse.plugins.requesttransformer;

import io.gatehouse.sdk.AccessPhase;
import io.gatehouse.sdk.Check;
import io.gatehouse.sdk.Default;
import io.gatehouse.sdk.HeaderName;
import io.gatehouse.sdk.PluginInfo;
import io.gatehouse.sdk.PreparedPlugin;
import io.gatehouse.sdk.Protocols;
import io.gatehouse.sdk.Request;
import io.gatehouse.sdk.Validator;
import java.util.List;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/** request-transformer (reference plugins §15): priority 801, access only, compiled into {@link Rules}. */
@PluginInfo(name = "request-transformer", priority = 801, protocols = Protocols.ALL)
public final class RequestTransformerPlugin implements PreparedPlugin<RequestTransformerPlugin.Config, Rules> {

  /** The config as stored; compiled into {@link Rules} when an instance is prepared. */
  public record Config(@Nullable @Check(HttpMethod.class) String httpMethod, Remove remove, Ops rename,
      Replace replace, Ops add, Ops append) {}

  /** {@code remove}: names only; header names are checked. */
  public record Remove(@Default({}) List<String> body, @Default({}) List<@HeaderName String> headers,
      @Default({}) List<String> querystring) {}

  /** {@code rename}, {@code add}, {@code append}: {@code name:value} entries. */
  public record Ops(@Default({}) List<String> body, @Default({}) List<String> headers,
      @Default({}) List<String> querystring) {}

  /** {@code replace}: like {@link Ops}, and the upstream {@code uri}. */
  public record Replace(@Default({}) List<String> body, @Default({}) List<String> headers,
      @Default({}) List<String> querystring, @Nullable String uri) {}

  /** Kong's {@code typedefs.http_method}: upper-case letters. */
  public static final class HttpMethod implements Validator {
    private static final Pattern METHOD = Pattern.compile("^[A-Z]+$");

    @Override
    public @Nullable String check(Object value) {
      return METHOD.matcher(value.toString()).matches() ? null : "invalid value: " + value;
    }
  }

  @Override
  public Rules prepare(Config config) {
    return Rules.compile(config);
  }

  @Override
  public boolean needsRequestBody(Request request, Rules rules) {
    return RequestTransformer.needsRequestBody(request, rules);
  }

  @Override
  public void access(AccessPhase ctx, Rules rules) {
    RequestTransformer.access(ctx, rules);
  }
}
