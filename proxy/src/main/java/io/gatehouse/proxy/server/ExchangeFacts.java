package io.gatehouse.proxy.server;

import io.gatehouse.net.FormCodec;
import io.gatehouse.proxy.plugins.PluginRun;
import io.gatehouse.proxy.router.RouteMatch;
import io.gatehouse.proxy.upstream.RequestFacts;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.cookie.Cookie;
import io.netty.handler.codec.http.cookie.ServerCookieDecoder;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.jspecify.annotations.Nullable;

/** The balancer's view of a request (hash sources); read lazily, only by hashing upstreams. */
final class ExchangeFacts implements RequestFacts {
  private final RequestView view;
  private final RouteMatch match;
  private final String clientIp;
  private final @Nullable PluginRun plugins;

  ExchangeFacts(RequestView view, RouteMatch match, String clientIp, @Nullable PluginRun plugins) {
    this.view = view;
    this.match = match;
    this.clientIp = clientIp;
    this.plugins = plugins;
  }

  @Override
  public @Nullable String header(String name) {
    List<String> all = view.request.headers().getAll(name);
    return all.isEmpty() ? null : String.join(", ", all);
  }

  @Override
  public @Nullable String cookie(String name) {
    for (String h : view.request.headers().getAll(HttpHeaderNames.COOKIE)) {
      for (Cookie c : ServerCookieDecoder.LAX.decodeAll(h)) {
        if (c.name().equals(name)) return c.value();
      }
    }
    return null;
  }

  @Override
  public String path() {
    return view.normalizedPath;
  }

  @Override
  public @Nullable String queryArg(String name) {
    String query = view.query;
    if (query == null) return null;
    // Kong: a bare key is boolean true; repeated args sorted and joined with ","
    List<String> values = new ArrayList<>(1);
    FormCodec.forEachPair(query, (start, end, valueStart) -> {
      if (FormCodec.decode(query, start, valueStart < 0 ? end : valueStart - 1, FormCodec.Malformed.KEEP).equals(name)) {
        values.add(valueStart < 0 ? "true" : FormCodec.decode(query, valueStart, end, FormCodec.Malformed.KEEP));
      }
    });
    if (values.isEmpty()) return null;
    Collections.sort(values);
    return String.join(",", values);
  }

  @Override
  public String clientIp() {
    return clientIp;
  }

  @Override
  public @Nullable String consumerId() {
    // read at pick time, after the access phase authenticated (or not); Kong then falls back to hash_fallback
    if (plugins == null) return null;
    if (plugins.consumer() != null) return plugins.consumer().id();
    return plugins.credential() == null ? null : plugins.credential().id();
  }

  @Override
  public @Nullable String uriCapture(String name) {
    String named = match.namedCaptures().get(name);
    if (named != null) return named;
    try {
      int i = Integer.parseInt(name);
      return i >= 0 && i < match.uriCaptures().size() ? match.uriCaptures().get(i) : null;
    } catch (NumberFormatException e) {
      return null;
    }
  }
}
