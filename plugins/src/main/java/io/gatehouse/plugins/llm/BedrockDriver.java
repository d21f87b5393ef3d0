package io.gatehouse.plugins.llm;

import io.gatehouse.plugins.llm.LlmConfig.Model;
import java.net.URI;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import software.amazon.awssdk.http.ContentStreamProvider;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4HttpSigner;
import software.amazon.awssdk.identity.spi.AwsCredentialsIdentity;

/**
 * Amazon Bedrock's Converse API ({@code bedrock-runtime.<region>.amazonaws.com/model/<id>/converse}):
 * chats become {@code messages}/{@code system}/{@code inferenceConfig}/{@code toolConfig}, and the
 * request is signed with SigV4 by the AWS SDK's signer, from the config's
 * {@code aws_access_key_id}/{@code aws_secret_access_key} or the environment's
 * {@code AWS_ACCESS_KEY_ID}/{@code AWS_SECRET_ACCESS_KEY}/{@code AWS_SESSION_TOKEN}. Streamed answers
 * ({@code converse-stream}, AWS event-stream framing) become OpenAI chunks event by event.
 */
final class BedrockDriver implements Driver {
  private static final AwsV4HttpSigner SIGNER = AwsV4HttpSigner.create();
  private static final Map<String, String> STOP = Map.of("max_tokens", "length", "end_turn", "stop",
      "tool_use", "tool_calls", "guardrail_intervened", "guardrail_intervened");

  @Override
  public String name() {
    return "bedrock";
  }

  @Override
  public String url(RouteType type, Model model, boolean stream) {
    String url = origin(model) + "/model/" + model.name() + "/" + (stream ? "converse-stream" : "converse");
    return model.options() != null && model.options().upstreamPath() != null
        ? origin(model) + model.options().upstreamPath() : url;
  }

  @Override
  public String origin(Model model) {
    return "https://bedrock-runtime." + region(model) + ".amazonaws.com";
  }

  @Override
  public String operationPath(RouteType type) {
    return "/";
  }

  private static String region(Model model) {
    var b = model.options() == null ? null : model.options().bedrock();
    if (b != null && b.awsRegion() != null) return b.awsRegion();
    String env = System.getenv("AWS_REGION");
    return env != null ? env : System.getenv().getOrDefault("AWS_DEFAULT_REGION", "us-east-1");
  }

  @Override
  public boolean streamsTokenCounts() {
    return true;
  }

  @Override
  public boolean clearsSetCookie() {
    return true;
  }

  /** No keys in the config: the AWS SDK's default chain (environment, profiles, instance role…), as Kong's AWS library. */
  @Override
  public boolean needsAwsChain(LlmConfig.@Nullable Auth auth) {
    return auth == null || auth.awsAccessKeyId() == null || auth.awsSecretAccessKey() == null;
  }

  @Override
  public Map<String, String> signedHeaders(LlmConfig.@Nullable Auth auth, Model model, URI url, byte[] body,
      @Nullable AwsCredentialsIdentity chain) {
    String key = auth == null ? null : auth.awsAccessKeyId();
    String secret = auth == null ? null : auth.awsSecretAccessKey();
    AwsCredentialsIdentity identity = key != null && secret != null ? AwsCredentialsIdentity.create(key, secret)
        : chain != null ? chain : environment();
    SdkHttpRequest.Builder unsigned = SdkHttpRequest.builder().method(SdkHttpMethod.POST).uri(url)
        .putHeader("Content-Type", "application/json");
    SdkHttpRequest signed = SIGNER.sign(r -> r.identity(identity).request(unsigned.build())
        .payload(ContentStreamProvider.fromByteArrayUnsafe(body))
        .putProperty(AwsV4HttpSigner.SERVICE_SIGNING_NAME, "bedrock")
        .putProperty(AwsV4HttpSigner.REGION_NAME, region(model))).request();
    Map<String, String> out = new LinkedHashMap<>();
    // Authorization, X-Amz-Date, x-amz-content-sha256, X-Amz-Security-Token: what the signer added
    signed.forEachHeader((name, values) -> {
      if (!name.equalsIgnoreCase("Host") && !name.equalsIgnoreCase("Content-Type") && !values.isEmpty()) {
        out.put(name, values.get(0));
      }
    });
    return out;
  }

  /** ai-proxy-advanced plans without waiting for the chain: the environment's keys, as before. */
  private static AwsCredentialsIdentity environment() {
    String key = System.getenv("AWS_ACCESS_KEY_ID");
    String secret = System.getenv("AWS_SECRET_ACCESS_KEY");
    if (key == null || secret == null) throw new IllegalStateException("no AWS credentials for bedrock (config or environment)");
    String token = System.getenv("AWS_SESSION_TOKEN");
    return token == null ? AwsCredentialsIdentity.create(key, secret)
        : software.amazon.awssdk.identity.spi.AwsSessionCredentialsIdentity.create(key, secret, token);
  }

  @Override
  public Map<String, @Nullable Object> toProvider(Map<String, @Nullable Object> request, Model model, RouteType type) {
    if (type != RouteType.CHAT) throw new LlmException("no transformer for bedrock://" + type.kong());
    Map<String, @Nullable Object> out = new LinkedHashMap<>();
    out.put("anthropic_version", model.options() != null && model.options().anthropicVersion() != null
        ? model.options().anthropicVersion() : "bedrock-2023-05-31");
    List<Object> system = new ArrayList<>();
    List<Object> messages = new ArrayList<>();
    for (Object m : LlmJson.list(request, "messages")) {
      String role = LlmJson.string(m, "role");
      Object content = m instanceof Map<?, ?> mm ? mm.get("content") : null;
      if ("system".equals(role)) {
        system.add(LlmJson.of("text", content));
      } else if ("tool".equals(role)) {
        Object result = content instanceof String s ? LlmJson.any(s.getBytes(java.nio.charset.StandardCharsets.UTF_8)) : null;
        if (result == null) throw new LlmException("error transforming to bedrock://llm/v1/chat");
        messages.add(LlmJson.of("role", "user", "content", List.of(LlmJson.of("toolResult", LlmJson.of(
            "toolUseId", LlmJson.string(m, "tool_call_id"),
            "content", List.of(LlmJson.of("json", result instanceof Map<?, ?> ? result : LlmJson.of("result", result))),
            "status", m instanceof Map<?, ?> mm ? mm.get("status") : null)))));
      } else {
        Object parts = content instanceof List<?> ? content : List.of(LlmJson.of("text", content == null ? "" : content));
        if (!(content instanceof List<?>) && !LlmJson.list(m, "tool_calls").isEmpty()) {
          List<Object> uses = new ArrayList<>();
          for (Object t : LlmJson.list(m, "tool_calls")) {
            Map<String, @Nullable Object> f = LlmJson.map(t, "function");
            String args = LlmJson.string(f, "arguments");
            uses.add(LlmJson.of("toolUse", LlmJson.of("toolUseId", LlmJson.string(t, "id"), "name", LlmJson.string(f, "name"),
                "input", args == null ? null : LlmJson.object(args))));
          }
          parts = uses;
        }
        messages.add(LlmJson.of("role", "user".equals(role) ? "user" : "assistant", "content", parts));
      }
    }
    if (!messages.isEmpty()) out.put("messages", messages);
    if (!system.isEmpty()) out.put("system", system);
    Map<String, @Nullable Object> inference = new LinkedHashMap<>();
    inference.put("maxTokens", request.get("max_tokens"));
    inference.put("stopSequences", request.get("stop"));
    inference.put("temperature", request.get("temperature"));
    inference.put("topP", request.get("top_p"));
    inference.values().removeIf(v -> v == null);
    out.put("inferenceConfig", inference);
    if (request.get("guardrailConfig") != null) out.put("guardrailConfig", request.get("guardrailConfig"));
    if (request.get("tools") instanceof List<?> tools && !tools.isEmpty()) {
      List<Object> specs = new ArrayList<>();
      for (Object t : tools) {
        Map<String, @Nullable Object> f = LlmJson.map(t, "function");
        if (f != null) specs.add(LlmJson.of("toolSpec", LlmJson.of("name", f.get("name"), "description",
            f.get("description"), "inputSchema", LlmJson.of("json", f.get("parameters")))));
      }
      out.put("toolConfig", LlmJson.of("tools", specs));
    }
    return out;
  }

  @Override
  public byte[] fromProvider(byte[] body, Model model, RouteType type) {
    Map<String, @Nullable Object> r = LlmJson.object(body);
    if (r == null) throw Translation.fromFailure(name(), type.kong(), "failed to decode response from Bedrock");
    List<?> content = LlmJson.list(LlmJson.map(LlmJson.map(r, "output"), "message"), "content");
    if (content.isEmpty()) {
      throw Translation.fromFailure(name(), type.kong(), "no generation candidates received from Bedrock, or max_tokens too short");
    }
    Map<String, @Nullable Object> message = LlmJson.of("role", "assistant", "content", LlmJson.string(content.get(0), "text"));
    List<Object> calls = new ArrayList<>();
    for (Object c : content) {
      Map<String, @Nullable Object> use = LlmJson.map(c, "toolUse");
      if (use == null) continue;
      Object input = use.get("input");
      calls.add(LlmJson.of("function", LlmJson.of("arguments", input instanceof Map<?, ?> m && !m.isEmpty()
          ? LlmJson.text(input) : null, "name", use.get("name")), "id", use.get("toolUseId"), "type", "function"));
    }
    if (!calls.isEmpty()) message.put("tool_calls", calls);
    String stop = LlmJson.string(r, "stopReason");
    Map<String, @Nullable Object> out = LlmJson.of("choices", List.of(LlmJson.of("index", 0, "message", message,
        "finish_reason", STOP.getOrDefault(stop == null ? "" : stop, "stop"))), "object", "chat.completion",
        "model", model.name());
    Map<String, @Nullable Object> usage = LlmJson.map(r, "usage");
    if (usage != null) {
      out.put("usage", LlmJson.of("prompt_tokens", usage.get("inputTokens"), "completion_tokens", usage.get("outputTokens"),
          "total_tokens", usage.get("totalTokens")));
    }
    if (r.get("trace") != null) out.put("trace", r.get("trace"));
    return LlmJson.bytes(out);
  }

  /** Kong's bedrock {@code handle_stream_event}: one Converse stream event as an OpenAI chunk. */
  @Override
  public StreamTranslator stream(Model model, RouteType type) {
    return event -> {
      Map<String, @Nullable Object> body = LlmJson.object(event.data());
      if (event.event() == null || body == null) return StreamTranslator.Frame.NONE;
      Map<String, @Nullable Object> choice = switch (event.event()) {
        case "messageStart" -> LlmJson.of("delta", LlmJson.of("content", "", "role", body.get("role")), "index", 0,
            "logprobs", null);
        case "contentBlockDelta" -> {
          String text = LlmJson.string(LlmJson.map(body, "delta"), "text");
          yield LlmJson.of("delta", LlmJson.of("content", text == null ? "" : text), "index", 0, "logprobs", null);
        }
        case "messageStop" -> {
          String stop = LlmJson.string(body, "stopReason");
          yield LlmJson.of("delta", Map.of(), "index", 0, "finish_reason", STOP.getOrDefault(stop == null ? "" : stop,
              "stop"), "logprobs", null);
        }
        default -> null;
      };
      if ("metadata".equals(event.event())) {
        Map<String, @Nullable Object> usage = LlmJson.map(body, "usage");
        Number in = LlmJson.number(usage, "inputTokens");
        Number out = LlmJson.number(usage, "outputTokens");
        return new StreamTranslator.Frame(StreamTranslator.DONE, in == null ? 0 : in.intValue(), out == null ? 0 : out.intValue());
      }
      if (choice == null) return StreamTranslator.Frame.NONE;
      return StreamTranslator.Frame.data(LlmJson.text(LlmJson.of("choices", List.of(choice), "model", model.name(),
          "object", "chat.completion.chunk")));
    };
  }

  @Override
  public boolean gzipAnswers() {
    return true; // Kong: "gzip, identity", so no brotli
  }
}
