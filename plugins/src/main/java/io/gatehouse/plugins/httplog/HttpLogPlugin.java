package io.gatehouse.plugins.httplog;

import static io.gatehouse.core.entity.Typedefs.headerName;

import com.fasterxml.jackson.databind.JsonNode;
import io.gatehouse.core.schema.EntityCheck;
import io.gatehouse.core.schema.Field;
import io.gatehouse.plugins.logqueue.LogFields;
import io.gatehouse.plugins.logqueue.LoggingPlugin;
import io.gatehouse.plugins.logqueue.LogQueues;
import io.gatehouse.plugins.logqueue.QueueConfig;
import java.net.URI;
import java.util.List;
import java.util.Locale;
import org.jspecify.annotations.Nullable;

/** http-log: priority 12, log only, any scope. */
public final class HttpLogPlugin extends LoggingPlugin<HttpLogConfig> {

  public HttpLogPlugin() {
    super(HttpLogConfig.class);
  }

  @Override
  public String name() {
    return "http-log";
  }

  @Override
  public int priority() {
    return 12;
  }

  @Override
  public Field configSchema() {
    return Field.record("config",
            Field.string("http_endpoint").required().referenceable().check(v -> urlError(v.asText())),
            Field.string("method").required().defaultValue("POST").oneOf("POST", "PUT", "PATCH"),
            Field.string("content_type").required().defaultValue("application/json")
                .oneOf("application/json", "application/json; charset=utf-8"),
            Field.number("timeout").required().defaultValue(10000),
            Field.number("keepalive").required().defaultValue(60000),
            Field.map("headers", Field.element(Field.Type.STRING).check(headerName()).check(HttpLogPlugin::forbiddenHeader),
                Field.element(Field.Type.STRING).referenceable()),
            QueueConfig.schema().required(),
            LogFields.customFieldsByLua(),
            Field.integer("retry_count"),
            Field.integer("queue_size"),
            Field.number("flush_timeout"))
        .recordCheck(EntityCheck.custom(List.of("http_endpoint", "headers"), (c, errors) -> {
          JsonNode endpoint = c.get("http_endpoint");
          JsonNode headers = c.get("headers");
          if (endpoint == null || !endpoint.isTextual() || headers == null || !headers.isObject()) return;
          boolean authorization = false;
          for (var it = headers.fieldNames(); it.hasNext(); ) {
            authorization |= it.next().equalsIgnoreCase("authorization");
          }
          if (authorization && userInfo(endpoint.asText()) != null) {
            errors.rootEntity("specifying both an 'Authorization' header and user info in 'http_endpoint' is not allowed");
          }
        }));
  }

  /** Kong's {@code typedefs.url}: an absolute URL with a scheme and a host. */
  static @Nullable String urlError(String url) {
    URI uri;
    try {
      uri = new URI(url);
    } catch (Exception e) {
      return "could not parse url. " + e.getMessage();
    }
    if (uri.getHost() == null) return "missing host in url";
    if (uri.getScheme() == null) return "missing scheme in url";
    return null;
  }

  /** The payload's own framing headers are the plugin's to set. */
  private static @Nullable String forbiddenHeader(JsonNode name) {
    return switch (name.asText().toLowerCase(Locale.ROOT)) {
      case "host" -> "cannot contain 'Host' header";
      case "content-length" -> "cannot contain 'Content-Length' header";
      case "content-type" -> "cannot contain 'Content-Type' header";
      default -> null;
    };
  }

  static @Nullable String userInfo(String url) {
    try {
      return new URI(url).getRawUserInfo();
    } catch (Exception e) {
      return null;
    }
  }

  @Override
  protected QueueConfig queueConfig(HttpLogConfig config) {
    return config.effectiveQueue();
  }

  @Override
  protected LogQueues.Factory sender(HttpLogConfig config) {
    return () -> new HttpLogSender(config);
  }
}
