package io.gatehouse.plugins.llm;

import io.gatehouse.plugins.llm.LlmConfig.Model;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * One provider (Kong's {@code kong/llm/drivers/<provider>.lua}): where its API lives and how its
 * requests and answers translate to and from the OpenAI format. Stateless; {@link #stream} gives
 * each streamed answer a translator of its own.
 */
public interface Driver {

  /** Kong's provider name ({@code openai}). */
  String name();

  /**
   * The provider's URL for a route type when {@code upstream_url} is not set: scheme, host, port
   * and the operation's path (or {@code upstream_path}).
   */
  default String url(RouteType type, Model model, boolean stream) {
    String path = model.options() != null && model.options().upstreamPath() != null
        ? model.options().upstreamPath() : operationPath(type);
    return origin(model) + (path.startsWith("/") ? path : "/" + path);
  }

  /** The URL to call when {@code upstream_url} is configured: that URL itself for most providers. */
  default String upstreamUrl(String configured, RouteType type) {
    return configured;
  }

  /** Scheme, host and port of the provider's API ({@code https://api.openai.com:443}). */
  String origin(Model model);

  /** The path of a route type's operation ({@code /v1/chat/completions}); {@code /} when the provider has none. */
  String operationPath(RouteType type);

  /** Query arguments the provider needs, given the client's value of each (azure's {@code api-version}). */
  default Map<String, String> queryArgs(Model model, java.util.function.Function<String, @Nullable String> clientArg) {
    return Map.of();
  }

  /** Fields the provider adds to {@code ai.proxy.meta} (azure's instance, deployment and API version). */
  default Map<String, @Nullable Object> extraMeta(Model model) {
    return Map.of();
  }

  /** Headers the provider needs besides auth ({@code anthropic-version}); none by default. */
  default Map<String, String> headers(Model model) {
    return Map.of();
  }

  /**
   * The provider's request for an OpenAI-format one, with the model's configured options already
   * merged in ({@link Translation#mergeOptions}).
   *
   * @throws LlmException with Kong's message when the request cannot be translated
   */
  Map<String, @Nullable Object> toProvider(Map<String, @Nullable Object> request, Model model, RouteType type);

  /**
   * The OpenAI-format answer for the provider's whole (non-streamed) one.
   *
   * @throws LlmException with the reason the answer cannot be translated
   */
  byte[] fromProvider(byte[] body, Model model, RouteType type);

  /** A translator for one streamed answer; its state lives as long as the answer. */
  StreamTranslator stream(Model model, RouteType type);

  /**
   * Headers that sign the request sent to {@code url} with this body (Bedrock's SigV4); none by
   * default.
   *
   * @param chain credentials from the AWS SDK's default chain, when {@link #needsAwsChain} asked for them
   * @throws LlmException when the request cannot be signed
   */
  default Map<String, String> signedHeaders(LlmConfig.@Nullable Auth auth, Model model, java.net.URI url, byte[] body,
      software.amazon.awssdk.identity.spi.@Nullable AwsCredentialsIdentity chain) {
    return Map.of();
  }

  /** Whether requests need credentials from the AWS SDK's default chain (resolved before planning, off the loop). */
  default boolean needsAwsChain(LlmConfig.@Nullable Auth auth) {
    return false;
  }

  /** Whether the provider's streamed answers carry token counts (else the prompt is estimated). */
  default boolean streamsTokenCounts() {
    return false;
  }

  /** Whether Kong asks this provider for gzip answers ({@code Accept-Encoding: gzip, identity}). */
  default boolean gzipAnswers() {
    return false;
  }

  /** Whether {@code Set-Cookie} from the provider is removed from answers. */
  default boolean clearsSetCookie() {
    return false;
  }
}
