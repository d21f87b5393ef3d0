package io.gatehouse.app;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code gatehouse config init [FILE]}: a commented example declarative file (Kong's template). */
@Command(name = "init", description = "Write a commented example declarative file (default ./kong.yml).")
final class ConfigInitCommand implements Callable<Integer> {
  static final String TEMPLATE = """
      # A declarative configuration for Gatehouse (Kong's kong.yml format, version 3.0).
      # Load it with database = off and declarative_config = <this file>, or POST it to /config,
      # check it with `gatehouse config parse kong.yml`, or apply it to a running node with
      # `gatehouse config sync kong.yml`.
      _format_version: "3.0"
      _transform: true

      # Each top-level key is an entity table. Children can be nested under the entity they
      # belong to (routes under a service, targets under an upstream, plugins anywhere they apply).
      # Entities without an id get a stable one derived from their name.
      services:
      - name: example-service
        url: http://example.com
        routes:
        - name: example-route
          paths:
          - /example

      # Top-level entities refer to others by name or id:
      # routes:
      # - name: another-route
      #   service: example-service
      #   paths: [/another]

      # consumers:
      # - username: example-user

      # upstreams:
      # - name: example.upstream
      #   targets:
      #   - target: 10.0.0.1:80
      #     weight: 100

      # Secrets can come from the environment instead of the file:
      #   config: {header: "{vault://env/MY_SECRET}"}
      """;

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Parameters(paramLabel = "FILE", defaultValue = "kong.yml", arity = "0..1")
  Path file;

  @Override
  public Integer call() throws Exception {
    if (ConfigCommand.exists(file, spec.commandLine().getErr())) {
      return 1;
    }
    Files.writeString(file, TEMPLATE);
    spec.commandLine().getOut().println("Created " + file);
    return 0;
  }
}
