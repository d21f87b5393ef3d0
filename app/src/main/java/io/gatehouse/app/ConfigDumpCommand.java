package io.gatehouse.app;

import io.gatehouse.core.declarative.DeclarativeExport;
import io.gatehouse.core.schema.SchemaRegistry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code gatehouse config dump}: a running node's configuration as canonical YAML, for Git. */
@Command(name = "dump", description = "Print a running node's configuration (via its Admin API) as canonical YAML.")
final class ConfigDumpCommand implements Callable<Integer> {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;
  @Mixin CommonOptions options = new CommonOptions();

  @Option(names = "--admin-url", paramLabel = "URL", description = "Admin API base URL (default: from admin_listen).")
  @Nullable String adminUrl;

  @Option(names = {"-o", "--output"}, paramLabel = "FILE", description = "Write to FILE instead of standard output.")
  @Nullable Path output;

  @Override
  public Integer call() throws Exception {
    SchemaRegistry registry = GatehouseWiring.registry();
    AdminEndpoint admin = AdminEndpoint.of(adminUrl, options.load());
    String yaml = DeclarativeExport.yaml(registry, admin.tables(registry));
    if (output == null) {
      spec.commandLine().getOut().print(yaml);
      spec.commandLine().getOut().flush();
    } else {
      Files.writeString(output, yaml);
    }
    return 0;
  }
}
