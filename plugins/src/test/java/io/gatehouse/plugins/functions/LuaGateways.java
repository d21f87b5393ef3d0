package io.gatehouse.plugins.functions;

import io.gatehouse.plugins.testing.PluginGateway;
import io.gatehouse.proxy.plugins.LoadedPlugins;
import io.gatehouse.sdk.NodeServices;
import io.gatehouse.sdk.SharedCounters;
import java.util.Map;
import java.util.Optional;

/** A gateway with pre-function and post-function started under the given kong.conf settings. */
final class LuaGateways {
  private LuaGateways() {}

  static PluginGateway start(Map<String, String> settings) {
    NodeServices node = new NodeServices() {
      @Override
      public Optional<SharedCounters> sharedCounters() {
        return Optional.empty();
      }

      @Override
      public Optional<String> setting(String name) {
        return Optional.ofNullable(settings.get(name));
      }
    };
    PreFunctionPlugin pre = new PreFunctionPlugin();
    PostFunctionPlugin post = new PostFunctionPlugin();
    pre.start(node);
    post.start(node);
    return new PluginGateway(LoadedPlugins.of(pre, post));
  }
}
