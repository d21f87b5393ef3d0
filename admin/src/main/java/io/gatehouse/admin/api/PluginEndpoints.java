package io.gatehouse.admin.api;

import io.gatehouse.admin.http.AdminResponse;
import io.gatehouse.admin.http.RouteTable;
import io.gatehouse.core.json.Json;
import io.gatehouse.proxy.plugins.LoadedPlugin;
import io.gatehouse.sdk.AdminEndpoint;

/** Serves the Admin API endpoints plugins declare ({@link LoadedPlugin#adminEndpoints}), e.g. proxy-cache's purges. */
public final class PluginEndpoints {
  private final Iterable<? extends LoadedPlugin<?, ?>> plugins;

  public PluginEndpoints(Iterable<? extends LoadedPlugin<?, ?>> plugins) {
    this.plugins = plugins;
  }

  public void register(RouteTable routes) {
    for (LoadedPlugin<?, ?> p : plugins) {
      add(routes, p.adminEndpoints());
    }
  }

  /** The status API's share: the endpoints plugins add there (prometheus's {@code /metrics}). */
  public void registerStatus(RouteTable routes) {
    for (LoadedPlugin<?, ?> p : plugins) {
      add(routes, p.statusEndpoints());
    }
  }

  private static void add(RouteTable routes, Iterable<AdminEndpoint> endpoints) {
    for (AdminEndpoint e : endpoints) {
      routes.add(e.template(), e.method(), (req, params) -> answer(e.handler().apply(params)));
    }
  }

  private static AdminResponse answer(AdminEndpoint.Reply r) {
    if (r.contentType() != null) {
      return AdminResponse.text(r.status(), r.contentType(), (String) java.util.Objects.requireNonNull(r.body()));
    }
    return r.body() == null ? AdminResponse.empty(r.status()) : AdminResponse.json(r.status(), Json.MAPPER.valueToTree(r.body()));
  }
}
