package io.gatehouse.app;

import io.gatehouse.core.declarative.DeclarativeConfig;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code gatehouse config parse FILE}: full validation offline, as the node would load it. */
@Command(name = "parse", description = "Validate a declarative file offline; exit status 1 if it is invalid.")
class ConfigParseCommand implements Callable<Integer> {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Parameters(paramLabel = "FILE", description = "kong.yml, .yaml or .json")
  Path file;

  @CommandLine.Option(names = {"-q", "--quiet"}, description = "Print nothing on success.")
  boolean quiet;

  @CommandLine.Mixin CommonOptions options = new CommonOptions();

  @Override
  public Integer call() throws Exception {
    DeclarativeConfig c = ConfigCommand.load(file, GatehouseWiring.registry(options.load()), spec.commandLine().getErr());
    if (!quiet) {
      spec.commandLine().getOut().println("parse successful: " + c.size() + " entities");
    }
    return 0;
  }

  /** {@code gatehouse config validate FILE}: the same as {@code parse}. */
  @Command(name = "validate", description = "Same as parse.")
  static final class Validate extends ConfigParseCommand {}
}
