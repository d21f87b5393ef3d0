package io.gatehouse.app;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.gatehouse.app.settings.Settings;
import io.gatehouse.core.declarative.DeclarativeConfig;
import io.gatehouse.core.declarative.DeclarativeConfigException;
import io.gatehouse.core.declarative.DeclarativeLoader;
import io.gatehouse.core.declarative.DeclarativeParser;
import io.gatehouse.core.declarative.VaultReferences;
import io.gatehouse.core.json.Json;
import io.gatehouse.core.schema.EntityProcessor;
import io.gatehouse.core.schema.SchemaRegistry;
import io.gatehouse.store.dbless.DblessConfigStore;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * DB-less start (reference §3.5): {@code declarative_config} or {@code declarative_config_string}
 * is loaded into the DB-less store (SQLite in memory), and a file that does not load stops the start with every
 * problem named. Without either, the store serves the configuration last kept in
 * {@code <prefix>/dbless.db} (or starts empty).
 */
final class DeclarativeStartup {
  private static final Logger log = LoggerFactory.getLogger(DeclarativeStartup.class);

  private DeclarativeStartup() {}

  static DblessConfigStore open(Settings settings, SchemaRegistry registry) throws IOException {
    DblessConfigStore store = DblessConfigStore.open(settings.prefix().resolve("dbless.db"), Clock.systemUTC());
    registry.all().forEach(s -> store.register(s.table()));
    Path file = settings.declarativeConfig();
    String inline = settings.text("declarative_config_string");
    if (file == null && inline == null) {
      importLegacyCopy(store, settings.prefix().resolve("dbless.json"));
      log.info(store.hasConfiguration() ? "DB-less: serving the configuration kept in {}"
          : "DB-less: no declarative_config; starting empty ({} has none kept)", settings.prefix().resolve("dbless.db"));
      return store;
    }
    String text = file != null ? Files.readString(file) : inline;
    String name = file != null ? file.toString() : null;
    DeclarativeLoader loader = new DeclarativeLoader(registry, new EntityProcessor(Clock.systemUTC()),
        VaultReferences.systemEnv());
    long started = System.nanoTime();
    DeclarativeConfig config;
    try {
      config = loader.load(text, name);
    } catch (DeclarativeConfigException e) {
      store.close();
      String where = file != null ? file.toString() : "declarative_config_string";
      throw new IllegalStateException("declarative_config " + where + " is invalid:\n  "
          + String.join("\n  ", e.lines(where, DeclarativeParser.positions(text, name))), e);
    }
    if (!config.inDefaultWorkspace()) {
      store.close();
      throw new IllegalStateException("declarative_config " + (file != null ? file : "declarative_config_string")
          + " is invalid:\n  _workspace: " + io.gatehouse.admin.api.ConfigApi.DBLESS_WORKSPACE_ONLY);
    }
    if (config.products() != null && !config.products().isEmpty()) {
      // one kong.yml serves DB-less nodes and db_import alike; products live in the portal's tables
      log.warn("DB-less: the file's {} {} not served: the portal (API products) needs a database", config.products().size(),
          DeclarativeConfig.PRODUCTS + (config.products().size() == 1 ? " entry is" : " entries are"));
    }
    store.replaceAll(config.tables(), config.hash());
    log.info("DB-less: loaded {} entities from {} in {} ms", config.size(), file != null ? file : "declarative_config_string",
        (System.nanoTime() - started) / 1_000_000);
    return store;
  }

  /**
   * Before the DB-less store ran on SQLite, the last good configuration was kept as
   * {@code <prefix>/dbless.json} ({@code {"version", "hash", "tables": {name: [row…]}}}). A node upgraded
   * from such a build must not start empty: the copy is loaded once, then renamed so it is not loaded again.
   */
  static void importLegacyCopy(DblessConfigStore store, Path legacy) throws IOException {
    if (store.hasConfiguration() || !Files.exists(legacy)) {
      return;
    }
    JsonNode saved = Json.MAPPER.readTree(legacy.toFile());
    Map<String, List<ObjectNode>> tables = new LinkedHashMap<>();
    saved.path("tables").fields().forEachRemaining(t -> {
      List<ObjectNode> rows = new ArrayList<>();
      t.getValue().forEach(r -> rows.add((ObjectNode) r));
      tables.put(t.getKey(), rows);
    });
    store.replaceAll(tables, saved.path("hash").asText());
    Files.move(legacy, legacy.resolveSibling("dbless.json.imported"), StandardCopyOption.REPLACE_EXISTING);
    log.info("DB-less: imported the configuration kept by an earlier version in {}", legacy);
  }
}
