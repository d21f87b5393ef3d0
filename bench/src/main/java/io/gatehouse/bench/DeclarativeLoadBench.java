package io.gatehouse.bench;

import io.gatehouse.core.declarative.DeclarativeConfig;
import io.gatehouse.core.declarative.DeclarativeLoader;
import io.gatehouse.core.declarative.VaultReferences;
import io.gatehouse.core.entity.CoreEntities;
import io.gatehouse.core.model.ConfigSnapshot;
import io.gatehouse.core.schema.EntityProcessor;
import io.gatehouse.core.schema.PluginCatalog;
import io.gatehouse.core.schema.SchemaRegistry;
import io.gatehouse.store.ConfigStore;
import io.gatehouse.store.dbless.DblessConfigStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;

/**
 * Loads a generated 10,000-service / 20,000-route kong.yml the way a DB-less node does (parse,
 * validate, replace the store, build the snapshot) and prints each step's time. Run with
 * {@code java -cp … io.gatehouse.bench.DeclarativeLoadBench [services] [rounds]}; the best round counts
 * (the first ones warm the JIT).
 */
public final class DeclarativeLoadBench {
  private DeclarativeLoadBench() {}

  public static void main(String[] args) throws Exception {
    int services = args.length > 0 ? Integer.parseInt(args[0]) : 10_000;
    int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 5;
    String yaml = generate(services);
    SchemaRegistry registry = CoreEntities.registry(new PluginCatalog());
    DeclarativeLoader loader = new DeclarativeLoader(registry, new EntityProcessor(Clock.systemUTC()),
        VaultReferences.systemEnv());
    Path dir = Files.createTempDirectory("gatehouse-bench-dbless");
    try (DblessConfigStore store = DblessConfigStore.open(dir.resolve("dbless.db"), Clock.systemUTC())) {
      registry.all().forEach(s -> store.register(s.table()));
      System.out.printf("file: %d services, %d routes, %.1f MiB%n", services, 2 * services, yaml.length() / 1048576.0);
      long best = Long.MAX_VALUE;
      for (int i = 1; i <= rounds; i++) {
        long t0 = System.nanoTime();
        DeclarativeConfig config = loader.load(yaml, "kong.yml");
        long t1 = System.nanoTime();
        store.replaceAll(config.tables(), config.hash());
        long t2 = System.nanoTime();
        ConfigStore.StoreSnapshot raw = store.snapshot();
        ConfigSnapshot snapshot = ConfigSnapshot.of(raw.version(), raw.tables());
        long t3 = System.nanoTime();
        System.out.printf("round %d: parse+validate %d ms, replace+save %d ms, snapshot %d ms, total %d ms (%d routes)%n",
            i, ms(t1 - t0), ms(t2 - t1), ms(t3 - t2), ms(t3 - t0), snapshot.routes().size());
        best = Math.min(best, t3 - t0);
      }
      System.out.printf("best total: %d ms%n", ms(best));
    }
  }

  private static long ms(long nanos) {
    return nanos / 1_000_000;
  }

  static String generate(int services) {
    StringBuilder b = new StringBuilder("_format_version: \"3.0\"\nservices:\n");
    for (int i = 0; i < services; i++) {
      b.append("- name: svc-").append(i).append('\n')
          .append("  url: http://backend-").append(i % 50).append(".internal:8080/api/").append(i).append('\n')
          .append("  tags: [bench, team-").append(i % 20).append("]\n")
          .append("  routes:\n")
          .append("  - name: r-").append(i).append("-a\n    paths: [/svc/").append(i).append("/a]\n")
          .append("    methods: [GET, POST]\n")
          .append("  - name: r-").append(i).append("-b\n    paths: [\"~/svc/").append(i).append("/items/\\\\d+$\"]\n")
          .append("    hosts: [svc-").append(i).append(".example.com]\n");
    }
    return b.toString();
  }
}
