package io.gatehouse.admin.testing;

import io.gatehouse.admin.AdminApi;
import io.gatehouse.admin.NodeInfo;
import io.gatehouse.admin.StatusApi;
import io.gatehouse.core.entity.CoreEntities;
import io.gatehouse.core.json.Json;
import io.gatehouse.proxy.status.ServerCounters;
import io.gatehouse.core.schema.Field;
import io.gatehouse.core.schema.PluginCatalog;
import io.gatehouse.core.schema.SchemaRegistry;
import io.gatehouse.store.ConfigStore;
import io.gatehouse.control.SnapshotFeed;
import io.gatehouse.store.sqlite.SqliteConfigStore;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * A real Admin API on 127.0.0.1 port 0 over a store of either kind — the embedded SQLite in a temp
 * directory, or a fresh database of a real PostgreSQL ({@link SharedPostgres}) — with a snapshot
 * feed following it; the plugin catalog holds test plugins ({@code dummy}).
 */
public final class TestAdmin implements AutoCloseable {
  /** The store an Admin suite runs on; the main suites run once per kind. */
  public enum StoreKind { SQLITE, POSTGRES }

  public final Path dir;
  public final ConfigStore store;
  public final SnapshotFeed feed;
  public final AdminApi admin;
  public final StatusApi status;
  public final AdminClient client;
  public final AdminClient statusClient;

  public TestAdmin() throws IOException {
    this(StoreKind.SQLITE, b -> b);
  }

  public TestAdmin(StoreKind kind) throws IOException {
    this(kind, b -> b);
  }

  /** As above, with the Admin API's builder adjusted first (allowed origins, hosts, body limit). */
  public TestAdmin(java.util.function.UnaryOperator<AdminApi.Builder> adjust) throws IOException {
    this(StoreKind.SQLITE, adjust);
  }

  public TestAdmin(StoreKind kind, java.util.function.UnaryOperator<AdminApi.Builder> adjust) throws IOException {
    dir = Files.createTempDirectory("gatehouse-admin-test");
    store = kind == StoreKind.SQLITE ? SqliteConfigStore.open(dir.resolve("gatehouse.db")) : SharedPostgres.freshStore();
    SchemaRegistry registry = CoreEntities.registry(testPlugins());
    feed = new SnapshotFeed(store, snapshot -> {});
    NodeInfo node = new NodeInfo("00000000-0000-4000-8000-000000000001", "test-host",
        Json.object().put("database", kind == StoreKind.SQLITE ? "sqlite" : "postgres").put("pg_password", "******"),
        feed::appliedVersion, feed::lastError, () -> ServerCounters.ZERO);
    admin = adjust.apply(AdminApi.builder(store, registry, node).listen("127.0.0.1", 0).maxBodyBytes(10 * 1024 * 1024))
        .start();
    feed.start();
    status = StatusApi.start("127.0.0.1", 0, store, node);
    client = new AdminClient("http://127.0.0.1:" + admin.address().getPort());
    statusClient = new AdminClient("http://127.0.0.1:" + status.address().getPort());
  }

  /** A plugin with a small config schema, standing in for bundled plugins in Admin API tests. */
  public static PluginCatalog testPlugins() {
    Field config = Field.record("config",
        Field.integer("minute").between(0, 1000000),
        Field.string("policy").oneOf("local", "cluster", "redis").defaultValue("local"),
        Field.array("allow", Field.element(Field.Type.STRING)),
        Field.bool("hide").defaultValue(false));
    return new PluginCatalog()
        .add(new PluginCatalog.Entry("dummy", "0.1.0", 1000, config, List.of()))
        .add(new PluginCatalog.Entry("dummy-no-consumer", "0.1.0", 900, Field.record("config"), List.of("consumer")));
  }

  @Override
  public void close() {
    status.close();
    admin.close();
    feed.close();
    store.close();
  }
}
