package io.gatehouse.app;

import io.gatehouse.core.declarative.DeclarativeConfig;
import io.gatehouse.core.json.Json;
import io.gatehouse.core.schema.SchemaRegistry;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code gatehouse config diff FILE}: what {@code sync} would change on a running node. */
@Command(name = "diff", description = "Show what syncing FILE would change on a running node.")
final class ConfigDiffCommand implements Callable<Integer> {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;
  @Mixin CommonOptions options = new CommonOptions();

  @Parameters(paramLabel = "FILE")
  Path file;

  @Option(names = "--admin-url", paramLabel = "URL", description = "Admin API base URL (default: from admin_listen).")
  @Nullable String adminUrl;

  @Option(names = "--select-tag", paramLabel = "TAG", description = "Only entities carrying TAG are in scope.")
  @Nullable String tag;

  @Option(names = "--json", description = "Machine-readable output: {\"created\":[…],\"updated\":[…],\"deleted\":[…]}.")
  boolean json;

  @Override
  public Integer call() throws Exception {
    PrintWriter out = spec.commandLine().getOut();
    ConfigDiff diff = compute(file, adminUrl, tag, options, spec.commandLine().getErr()).diff();
    if (json) {
      out.println(Json.write(diff.toJson()));
    } else {
      diff.lines().forEach(out::println);
    }
    return 0;
  }

  /** A file, the live node and the diff between them. */
  record Plan(SchemaRegistry registry, AdminEndpoint admin, DeclarativeConfig desired, ConfigDiff diff) {}

  static Plan compute(Path file, @Nullable String adminUrl, @Nullable String tag, CommonOptions options,
      PrintWriter err) throws Exception {
    SchemaRegistry registry = GatehouseWiring.registry();
    DeclarativeConfig desired = ConfigCommand.load(file, registry, err);
    if (tag != null) {
      desired = SelectTag.apply(desired, tag);
    }
    AdminEndpoint admin = AdminEndpoint.of(adminUrl, options.load());
    ConfigDiff diff = ConfigDiff.between(registry, desired.tables(), admin.tables(registry), tag);
    return new Plan(registry, admin, desired, diff);
  }
}
