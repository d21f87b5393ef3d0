package io.gatehouse.plugins.redirect;

import io.gatehouse.plugins.httplog.HttpLogPlugin;
import io.gatehouse.sdk.AccessPhase;
import io.gatehouse.sdk.Between;
import io.gatehouse.sdk.Check;
import io.gatehouse.sdk.Default;
import io.gatehouse.sdk.Plugin;
import io.gatehouse.sdk.PluginInfo;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.Map;

/**
 * Kong 3.9's redirect: priority 779, {@code kong.response.exit(status_code, "redirecting",
 * {Location = …})}; {@code keep_incoming_path} puts the request's path and query on the location.
 */
@PluginInfo(name = "redirect", priority = 779)
public final class RedirectPlugin implements Plugin<RedirectPlugin.Config> {

  public record Config(@Default("301") @Between(min = 100, max = 599) int statusCode,
      @Check(HttpLogPlugin.Url.class) String location,
      @Default("false") boolean keepIncomingPath) {}

  @Override
  public void access(AccessPhase ctx, Config config) {
    String location = config.location();
    if (config.keepIncomingPath()) {
      location = withPathAndQuery(location, ctx.request().path(), ctx.request().rawQuery());
    }
    ctx.exit(config.statusCode(), "redirecting", Map.of("Location", location));
  }

  /** The location with its path and query replaced (an empty query drops the {@code ?}), fragment kept. */
  static String withPathAndQuery(String location, String path, @org.jspecify.annotations.Nullable String query) {
    try {
      URI u = new URI(location);
      StringBuilder sb = new StringBuilder().append(u.getScheme()).append("://").append(u.getRawAuthority()).append(path);
      if (query != null && !query.isEmpty()) {
        sb.append('?').append(query);
      }
      if (u.getRawFragment() != null) {
        sb.append('#').append(u.getRawFragment());
      }
      return sb.toString();
    } catch (URISyntaxException e) {
      return location; // validated at config time
    }
  }
}
