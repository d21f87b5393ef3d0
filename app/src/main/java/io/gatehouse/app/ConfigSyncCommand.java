package io.gatehouse.app;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.gatehouse.core.declarative.ConfigDiff;
import io.gatehouse.core.declarative.DeclarativeExport;
import io.gatehouse.core.json.Json;
import io.gatehouse.core.schema.Field;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code gatehouse config sync FILE}: makes a running node match the file. With a database, the
 * diff is applied entity by entity through the Admin API ({@code PUT} by id parents first, then
 * {@code DELETE} children first); a DB-less node gets the whole result in one {@code POST /config}.
 */
@Command(name = "sync", description = "Apply FILE to a running node (creates, updates and deletes).")
final class ConfigSyncCommand implements Callable<Integer> {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;
  @Mixin NodeDiffOptions target = new NodeDiffOptions();

  @Option(names = "--dry-run", description = "Show the changes without applying them.")
  boolean dryRun;

  @Option(names = {"-q", "--quiet"}, description = "No progress or summary.")
  boolean quiet;

  @Override
  public Integer call() throws Exception {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    ConfigDiffCommand.Plan plan = ConfigDiffCommand.compute(target, err);
    ConfigDiff diff = plan.diff();
    if (dryRun || diff.isEmpty()) {
      if (!quiet || dryRun) {
        diff.lines().forEach(out::println);
      }
      return 0;
    }
    if (plan.admin().dbless()) {
      replaceWhole(plan, err);
    } else {
      applyEach(plan, err);
    }
    if (!quiet) {
      out.println(diff.lines().getLast());
    }
    return 0;
  }

  /** DB-less: the live configuration outside the tag's scope plus the file, in one POST /config. */
  private void replaceWhole(ConfigDiffCommand.Plan plan, PrintWriter err) {
    Map<String, List<ObjectNode>> merged = new LinkedHashMap<>();
    plan.admin().tables(plan.registry()).forEach((table, rows) -> merged.put(table, new ArrayList<>(
        target.tag == null ? List.of() : rows.stream().filter(e -> !Json.strings(e, "tags").contains(target.tag)).toList())));
    plan.desired().tables().forEach((table, rows) -> merged.computeIfAbsent(table, t -> new ArrayList<>()).addAll(rows));
    var r = plan.admin().send("POST", "/config", DeclarativeExport.tree(plan.registry(), merged));
    if (r.status() != 201) {
      err.println(r.body());
      throw new ConfigCommand.Failed("POST /config answered " + r.status() + ": " + r.message());
    }
  }

  private void applyEach(ConfigDiffCommand.Plan plan, PrintWriter err) {
    ConfigCommand.Progress progress = new ConfigCommand.Progress(err, quiet);
    long done = 0;
    List<ConfigDiff.Change> changes = plan.diff().changes();
    for (ConfigDiff.Change c : changes) {
      String path = plan.admin().entityPath(plan.registry(), c.schema(), c.id(), c.entity());
      var r = c.kind() == ConfigDiff.Kind.DELETE
          ? plan.admin().send("DELETE", path, null)
          : plan.admin().send("PUT", path, body(c));
      if (r.status() >= 300 && r.status() != 404) {
        err.println(r.body());
        throw new ConfigCommand.Failed(c.kind().name().toLowerCase() + " " + c.schema().name() + " " + c.label()
            + " failed (" + r.status() + "): " + r.message());
      }
      progress.step("syncing", ++done, changes.size());
    }
  }

  /** The entity as a PUT body: exported fields, foreign keys back as {@code {"id": …}}. */
  private static ObjectNode body(ConfigDiff.Change c) {
    ObjectNode flat = DeclarativeExport.flat(c.schema(), c.entity());
    flat.remove("ttl");
    for (Field fk : c.schema().foreignKeys()) {
      if (flat.get(fk.name()) != null && flat.get(fk.name()).isTextual()) {
        flat.set(fk.name(), Json.object().put("id", flat.get(fk.name()).asText()));
      }
    }
    return flat;
  }
}
