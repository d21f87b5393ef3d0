package com.example.hello;

import io.gatehouse.core.schema.Field;
import io.gatehouse.plugin.Access;
import io.gatehouse.plugin.AccessContext;
import io.gatehouse.plugin.HeaderFilter;
import io.gatehouse.plugin.HeaderFilterContext;
import io.gatehouse.plugin.Plugin;

/**
 * A minimal third-party plugin: adds a greeting header to the upstream request and, optionally,
 * to the response.
 */
public final class HelloHeaderPlugin
    implements Plugin<HelloHeaderPlugin.Config>, Access<HelloHeaderPlugin.Config>, HeaderFilter<HelloHeaderPlugin.Config> {

  /** The bound config. */
  public record Config(String header, String greeting, boolean echoToClient) {}

  @Override
  public String name() {
    return "hello-header";
  }

  @Override
  public String version() {
    return "1.0.0";
  }

  @Override
  public int priority() {
    return 800;
  }

  @Override
  public Field configSchema() {
    return Field.record("config",
        Field.string("header").required().defaultValue("X-Hello"),
        Field.string("greeting").required().defaultValue("hello"),
        Field.bool("echo_to_client").required().defaultValue(false));
  }

  @Override
  public Class<Config> configType() {
    return Config.class;
  }

  @Override
  public void access(AccessContext ctx, Config config) {
    ctx.upstream().setHeader(config.header(), config.greeting());
  }

  @Override
  public void headerFilter(HeaderFilterContext ctx, Config config) {
    if (config.echoToClient()) {
      ctx.responseHeaders().set(config.header(), config.greeting());
    }
  }
}
