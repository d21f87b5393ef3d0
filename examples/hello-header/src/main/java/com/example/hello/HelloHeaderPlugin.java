package com.example.hello;

import io.gatehouse.sdk.*; // AccessPhase, Default, HeaderPhase, Plugin, PluginInfo

/** Adds a greeting header to the upstream request and, optionally, to the response. */
@PluginInfo(name = "hello-header", priority = 800, version = "1.0.0")
public final class HelloHeaderPlugin implements Plugin<HelloHeaderPlugin.Config> {
  public record Config(@Default("X-Hello") String header, @Default("hello") String greeting,
      @Default("false") boolean echoToClient) {}

  @Override
  public void access(AccessPhase ctx, Config config) {
    ctx.upstream().setHeader(config.header(), config.greeting());
  }

  @Override
  public void headerFilter(HeaderPhase ctx, Config config) {
    if (config.echoToClient()) {
      ctx.responseHeaders().set(config.header(), config.greeting());
    }
  }
}
