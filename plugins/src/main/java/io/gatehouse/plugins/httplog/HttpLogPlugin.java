package io.gatehouse.plugins.httplog;

import io.gatehouse.plugins.logqueue.LogQueues;
import io.gatehouse.plugins.logqueue.LogSinkPlugin;
import io.gatehouse.plugins.logqueue.QueueConfig;
import io.gatehouse.sdk.EntityChecks;
import io.gatehouse.sdk.PluginInfo;
import io.gatehouse.sdk.Validator;
import java.net.URI;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/** http-log: priority 12, log only, any scope. */
@PluginInfo(name = "http-log", priority = 12)
public final class HttpLogPlugin extends LogSinkPlugin<HttpLogConfig> {

  /** Credentials come from one place: the header or the URL's user info. */
  @Override
  public EntityChecks checks(Class<? extends Record> type) {
    if (type != HttpLogConfig.class) {
      return EntityChecks.NONE;
    }
    return EntityChecks.NONE.custom(List.of("config.http_endpoint", "config.headers"), c -> {
      boolean authorization = c.get("config.headers") instanceof Map<?, ?> headers
          && headers.keySet().stream().anyMatch(k -> "authorization".equalsIgnoreCase(k.toString()));
      return authorization && c.get("config.http_endpoint") instanceof String url && userInfo(url) != null
          ? "specifying both an 'Authorization' header and user info in 'http_endpoint' is not allowed"
          : null;
    });
  }

  /** Kong's {@code typedefs.url}: an absolute URL with a scheme and a host. */
  public static final class Url implements Validator {
    @Override
    public @Nullable String check(Object value) {
      URI uri;
      try {
        uri = new URI(value.toString());
      } catch (Exception e) {
        return "could not parse url. " + e.getMessage();
      }
      if (uri.getHost() == null) return "missing host in url";
      if (uri.getScheme() == null) return "missing scheme in url";
      return null;
    }
  }

  /** The payload's own framing headers are the plugin's to set. */
  public static final class OwnHeader implements Validator {
    @Override
    public @Nullable String check(Object name) {
      return switch (name.toString().toLowerCase(Locale.ROOT)) {
        case "host" -> "cannot contain 'Host' header";
        case "content-length" -> "cannot contain 'Content-Length' header";
        case "content-type" -> "cannot contain 'Content-Type' header";
        default -> null;
      };
    }
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
