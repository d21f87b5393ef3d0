package io.gatehouse.app;

import io.gatehouse.core.declarative.ConfigDiff;
import io.gatehouse.core.declarative.DeclarativeConfig;
import io.gatehouse.core.json.Json;
import io.gatehouse.core.schema.SchemaRegistry;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code gatehouse config diff FILE}: what {@code sync} would change on a running node. */
@Command(name = "diff", description = "Show what syncing FILE would change on a running node.")
final class ConfigDiffCommand implements Callable<Integer> {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;
  @Mixin NodeDiffOptions target = new NodeDiffOptions();

  @Option(names = "--json", description = "Machine-readable output: {\"created\":[…],\"updated\":[…],\"deleted\":[…]}.")
  boolean json;

  @Override
  public Integer call() throws Exception {
    PrintWriter out = spec.commandLine().getOut();
    ConfigDiff diff = compute(target, spec.commandLine().getErr()).diff();
    if (json) {
      out.println(Json.write(diff.toJson()));
    } else {
      diff.lines().forEach(out::println);
    }
    return 0;
  }

  /** A file, the live node and the diff between them. */
  record Plan(SchemaRegistry registry, AdminEndpoint admin, DeclarativeConfig desired, ConfigDiff diff) {}

  static Plan compute(NodeDiffOptions target, PrintWriter err) throws Exception {
    SchemaRegistry registry = GatehouseWiring.registry();
    DeclarativeConfig desired = ConfigCommand.load(target.file, registry, err);
    if (target.tag != null) {
      desired = SelectTag.apply(desired, target.tag);
    }
    AdminEndpoint admin = AdminEndpoint.of(target.adminUrl, target.common.load());
    ConfigDiff diff = ConfigDiff.between(registry, desired.tables(), admin.tables(registry), target.tag);
    return new Plan(registry, admin, desired, diff);
  }
}
