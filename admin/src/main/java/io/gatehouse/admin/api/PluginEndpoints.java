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
      for (AdminEndpoint e : p.adminEndpoints()) {
        routes.add(e.template(), e.method(), (req, params) -> answer(e.handler().apply(params)));
      }
    }
  }

  private static AdminResponse answer(AdminEndpoint.Reply r) {
    return r.body() == null ? AdminResponse.empty(r.status()) : AdminResponse.json(r.status(), Json.MAPPER.valueToTree(r.body()));
  }
}
