package io.gatehouse.plugins.functions;

import io.gatehouse.sdk.PluginInfo;
import io.gatehouse.sdk.Scope;

/** Kong's pre-function: priority 1000000, runs before every other plugin. */
@PluginInfo(name = "pre-function", priority = 1_000_000, forbiddenScopes = Scope.CONSUMER)
public final class PreFunctionPlugin extends FunctionsPlugin<PreFunctionConfig> {}
