package io.gatehouse.plugins.functions;

import io.gatehouse.sdk.PluginInfo;
import io.gatehouse.sdk.Scope;

/** Kong's post-function: priority -1000, runs after every other plugin. */
@PluginInfo(name = "post-function", priority = -1000, forbiddenScopes = Scope.CONSUMER)
public final class PostFunctionPlugin extends FunctionsPlugin<PostFunctionConfig> {}
