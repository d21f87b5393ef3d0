package io.gatehouse.store.sqlite;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.gatehouse.store.ConfigStore;
import io.gatehouse.store.ContractTables;
import java.nio.file.Path;

/**
 * Run in a child JVM by {@link SqliteConfigStoreTest}: writes services forever and prints
 * {@code ACK <id>} after each commit returns, until the parent kills it.
 */
public final class DurabilityChild {
  private DurabilityChild() {}

  public static void main(String[] args) {
    ConfigStore store = SqliteConfigStore.open(Path.of(args[0]));
    ContractTables.registerAll(store);
    for (int i = 0; ; i++) {
      ObjectNode s = store.insert("services", ContractTables.service("durable-" + i));
      System.out.println("ACK " + s.get("id").asText());
      System.out.flush();
    }
  }
}
