package io.gatehouse.app;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.gatehouse.app.settings.Database;
import io.gatehouse.app.settings.Settings;
import io.gatehouse.core.vault.VaultException;
import io.gatehouse.core.vault.Vaults;
import io.gatehouse.store.ConfigStore;
import io.gatehouse.store.Page;
import io.gatehouse.store.PageQuery;
import io.gatehouse.store.postgres.PostgresConfigStore;
import io.gatehouse.store.sqlite.SqliteConfigStore;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/**
 * Kong's {@code vault get <reference>}: prints the secret a reference resolves to, through a vault
 * kind ({@code env}, {@code file}) or a vault entity of the node's database by its prefix.
 */
@Command(name = "vault", mixinStandardHelpOptions = true, description = "Vault utilities: vault get <reference>.")
final class VaultCommand implements Callable<Integer> {
  @Mixin CommonOptions options = new CommonOptions();

  @Parameters(index = "0", paramLabel = "COMMAND", description = "get")
  String command;

  @Parameters(index = "1", paramLabel = "REFERENCE", description = "A reference such as {vault://env/my-secret}.")
  String reference;

  @Override
  public Integer call() {
    if (!command.equals("get")) {
      System.err.println("Error: unknown vault command '" + command + "' (get)");
      return 1;
    }
    Settings settings = options.load();
    Vaults vaults = Vaults.bundled(System::getenv);
    try {
      System.out.println(vaults.resolver(vaultEntities(settings)).resolve(reference));
      return 0;
    } catch (VaultException e) {
      System.err.println("Error: " + e.getMessage());
      return 1;
    }
  }

  private static List<ObjectNode> vaultEntities(Settings settings) {
    if (settings.database() == Database.OFF) {
      return List.of(); // DB-less: only vault kinds by name (the file's vaults live in the running node)
    }
    List<ObjectNode> out = new ArrayList<>();
    try (ConfigStore store = settings.database() == Database.SQLITE
        ? SqliteConfigStore.open(settings.sqliteFile())
        : PostgresConfigStore.open(GatehouseWiring.postgresSettings(settings))) {
      io.gatehouse.core.entity.CoreEntities.registry(new io.gatehouse.core.schema.PluginCatalog())
          .table("vaults").ifPresent(s -> store.register(s.table()));
      PageQuery q = PageQuery.first(1000);
      while (true) {
        Page page = store.list("vaults", q);
        out.addAll(page.data());
        if (page.offset() == null) {
          return out;
        }
        q = q.withOffset(page.offset());
      }
    }
  }
}
