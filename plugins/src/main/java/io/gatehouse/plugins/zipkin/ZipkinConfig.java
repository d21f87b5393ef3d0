package io.gatehouse.plugins.zipkin;

import io.gatehouse.plugins.httplog.HttpLogPlugin;
import io.gatehouse.plugins.logqueue.QueueConfig;
import io.gatehouse.plugins.tracing.PropagationFields;
import io.gatehouse.sdk.Between;
import io.gatehouse.sdk.Check;
import io.gatehouse.sdk.Default;
import io.gatehouse.sdk.HeaderName;
import io.gatehouse.sdk.OneOf;
import io.gatehouse.sdk.Validator;
import java.util.List;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * The zipkin config, Kong 3.9's fields and defaults ({@code kong/plugins/zipkin/schema.lua}).
 * {@code header_type} and {@code default_header_type} are deprecated in Kong for
 * {@code propagation}, and still honoured.
 */
public record ZipkinConfig(
    @Default("kong") String localServiceName,
    @Nullable @Check(HttpLogPlugin.Url.class) String httpEndpoint,
    @Default("0.001") @Between(min = 0, max = 1) double sampleRatio,
    @Nullable String defaultServiceName,
    @Default("true") boolean includeCredential,
    @Default("16") @OneOf({"8", "16"}) int traceidByteCount,
    @Default("preserve") @OneOf({"preserve", "ignore", "b3", "b3-single", "w3c", "jaeger", "ot", "aws", "datadog", "gcp"})
    String headerType,
    @Default("b3") @OneOf({"b3", "b3-single", "w3c", "jaeger", "ot", "aws", "datadog", "gcp"}) String defaultHeaderType,
    @Default("Zipkin-Tags") String tagsHeader,
    @Nullable List<StaticTag> staticTags,
    @Default("method") @OneOf({"method", "method_path"}) String httpSpanName,
    @Default("2000") @Between(min = 0, max = 2147483646) int connectTimeout,
    @Default("5000") @Between(min = 0, max = 2147483646) int sendTimeout,
    @Default("5000") @Between(min = 0, max = 2147483646) int readTimeout,
    @Nullable String httpResponseHeaderForTraceid,
    @Default("annotations") @OneOf({"annotations", "tags"}) String phaseDurationFlavor,
    QueueConfig queue,
    Propagation propagation) {

  /** Tags the plugin sets itself; a static tag may not take their names. */
  static final List<String> PROTECTED_TAGS = List.of("error", "http.method", "http.path", "http.status_code",
      "kong.balancer.state", "kong.balancer.try", "kong.consumer", "kong.credential", "kong.node.id", "kong.route",
      "kong.service", "lc", "peer.hostname");

  public record StaticTag(@Check(Unprotected.class) String name, String value) {}

  /** Kong's {@code typedefs.propagation} with {@code default_format = "b3"}. */
  public record Propagation(
      @Nullable List<@OneOf({"w3c", "b3", "jaeger", "ot", "datadog", "aws", "gcp"}) String> extract,
      @Nullable List<@HeaderName String> clear,
      @Nullable List<@OneOf({"preserve", "w3c", "b3", "b3-single", "jaeger", "ot", "datadog", "aws", "gcp"}) String> inject,
      @Default("b3") @OneOf({"w3c", "b3", "b3-single", "jaeger", "ot", "datadog", "aws", "gcp"}) String defaultFormat)
      implements PropagationFields {}

  /** Kong's {@code not_one_of = PROTECTED_TAGS}. */
  public static final class Unprotected implements Validator {
    private static final Set<String> NAMES = Set.copyOf(PROTECTED_TAGS);

    @Override
    public @Nullable String check(Object value) {
      return NAMES.contains(value.toString()) ? "must not be one of: " + String.join(", ", PROTECTED_TAGS) : null;
    }
  }

  /** Spans of equally configured instances share one queue and sender. */
  String queueKey() {
    return "zipkin " + httpEndpoint + " " + connectTimeout + " " + sendTimeout + " " + readTimeout + " " + queue;
  }
}
