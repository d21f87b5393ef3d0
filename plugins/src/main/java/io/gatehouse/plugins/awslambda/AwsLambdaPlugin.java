package io.gatehouse.plugins.awslambda;

import io.gatehouse.core.json.Json;
import io.gatehouse.plugins.functioncall.FunctionAnswer;
import io.gatehouse.sdk.AccessPhase;
import io.gatehouse.sdk.EntityChecks;
import io.gatehouse.sdk.HeaderPhase;
import io.gatehouse.sdk.NodeServices;
import io.gatehouse.sdk.PluginInfo;
import io.gatehouse.sdk.PreparedPlugin;
import io.gatehouse.sdk.Request;
import java.net.URI;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionStage;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * aws-lambda (Kong 3.9, priority 750): invokes a Lambda function instead of proxying and answers
 * with what it returned. The call is signed by the AWS SDK's SigV4 signer and made off the event
 * loop; a failed call answers 500, an unreadable proxy-integration payload 502.
 */
@PluginInfo(name = "aws-lambda", priority = 750)
public final class AwsLambdaPlugin implements PreparedPlugin<AwsLambdaConfig, AwsLambdaPlugin.Prepared> {
  private static final Logger log = LoggerFactory.getLogger(AwsLambdaPlugin.class);
  /** Kong's default {@code client_body_buffer_size}: larger bodies are those nginx puts on disk. */
  static final int BODY_BUFFER_SIZE = 8 * 1024;

  /** The node's {@code client_body_buffer_size}: bodies past it are "on disk" for {@code skip_large_bodies}. */
  private volatile int bodyBufferSize = BODY_BUFFER_SIZE;

  /** The config and its Lambda client, made once per snapshot. */
  public record Prepared(AwsLambdaConfig config, LambdaClient client) {}

  @Override
  public Prepared prepare(AwsLambdaConfig config) {
    String envRegion = System.getenv("AWS_REGION") != null ? System.getenv("AWS_REGION") : System.getenv("AWS_DEFAULT_REGION");
    return new Prepared(config, new LambdaClient(config, envRegion));
  }

  /** Reads the body buffer size as the node does: an injected nginx directive other than 8k wins. */
  @Override
  public void start(NodeServices services) {
    long injected = services.setting("nginx_http_client_body_buffer_size").map(AwsLambdaPlugin::size).orElse(-1L);
    long size = injected > 0 && injected != BODY_BUFFER_SIZE ? injected
        : services.setting("client_body_buffer_size").map(AwsLambdaPlugin::size).orElse((long) BODY_BUFFER_SIZE);
    bodyBufferSize = (int) Math.min(Integer.MAX_VALUE, Math.max(1, size));
  }

  int bodyBufferSize() {
    return bodyBufferSize;
  }

  /** nginx size syntax ({@code 8k}, {@code 1m}); -1 when unreadable. */
  static long size(String text) {
    String t = text.strip().toLowerCase(java.util.Locale.ROOT);
    long unit = t.endsWith("k") ? 1024 : t.endsWith("m") ? 1024 * 1024 : t.endsWith("g") ? 1024L * 1024 * 1024 : 1;
    try {
      return Long.parseLong(unit == 1 ? t : t.substring(0, t.length() - 1)) * unit;
    } catch (NumberFormatException e) {
      return -1;
    }
  }

  @Override
  public EntityChecks checks(Class<? extends Record> type) {
    if (type != AwsLambdaConfig.class) return EntityChecks.NONE;
    return EntityChecks.NONE
        .custom(List.of("config.aws_key", "config.aws_secret"), c -> (c.get("config.aws_key") == null)
            != (c.get("config.aws_secret") == null)
            ? "all or none of these fields must be set: 'config.aws_key', 'config.aws_secret'" : null)
        .custom(List.of("config.proxy_url"), c -> {
          if (!(c.get("config.proxy_url") instanceof String url)) return null;
          String scheme = URI.create(url).getScheme();
          return scheme != null && !scheme.equals("http") ? "proxy_url scheme must be http" : null;
        });
  }

  /** Kong reads the body in every mode (forwarded, merged into the arguments, or in the API Gateway event). */
  @Override
  public boolean needsRequestBody(Request request, Prepared p) {
    return true;
  }

  @Override
  public @Nullable CompletionStage<?> accessAsync(AccessPhase ctx, Prepared p) {
    Object payload = LambdaPayload.build(ctx, p.config(), bodyBufferSize);
    byte[] json;
    try {
      json = Json.MAPPER.writeValueAsBytes(payload);
    } catch (Exception e) {
      throw new IllegalStateException("could not JSON encode upstream body: " + e.getMessage(), e);
    }
    return p.client().invoke(ctx.httpCalls(), json);
  }

  @Override
  public void resume(AccessPhase ctx, Prepared p, @Nullable Object result) {
    LambdaReply.Answer answer;
    try {
      answer = LambdaReply.answer((LambdaClient.Reply) result, p.config());
    } catch (LambdaReply.BadProxyResponse e) {
      log.error("could not JSON decode Lambda function response: {}", e.getMessage());
      Map<String, Object> body = new LinkedHashMap<>();
      body.put("message", "Bad Gateway");
      body.put("error", "could not JSON decode Lambda function response: " + e.getMessage());
      ctx.exit(502, body, Map.of());
      return;
    }
    FunctionAnswer.exit(ctx, answer.status(), answer.body(), answer.headers(), FunctionAnswer.Via.APPEND);
  }

  /** Header values Lambda gave as lists go out as one header line each. */
  @Override
  public void headerFilter(HeaderPhase ctx, Prepared p) {
    FunctionAnswer.headerFilter(ctx);
  }
}
