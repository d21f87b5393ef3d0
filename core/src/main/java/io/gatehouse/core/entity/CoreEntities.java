package io.gatehouse.core.entity;

import io.gatehouse.core.expr.RouterFlavor;
import io.gatehouse.core.schema.PluginCatalog;
import io.gatehouse.core.schema.SchemaRegistry;
import io.gatehouse.core.vault.Vaults;

/** Registers Kong's core entity types, parents before children. */
public final class CoreEntities {
  private CoreEntities() {}

  public static SchemaRegistry registry(PluginCatalog plugins) {
    return registry(plugins, Vaults.bundled(System::getenv));
  }

  public static SchemaRegistry registry(PluginCatalog plugins, Vaults vaults) {
    return registry(plugins, vaults, RouterFlavor.TRADITIONAL_COMPATIBLE);
  }

  /** The registry of a node whose {@code router_flavor} decides the routes schema. */
  public static SchemaRegistry registry(PluginCatalog plugins, Vaults vaults, RouterFlavor flavor) {
    return new SchemaRegistry(plugins)
        .register(VaultSchema.create(vaults))
        .register(CertificateSchemas.certificates())
        .register(CertificateSchemas.caCertificates())
        .register(CertificateSchemas.snis())
        .register(ServiceSchema.create())
        .register(RouteSchema.create(flavor))
        .register(ConsumerSchema.create())
        .register(UpstreamSchema.create())
        .register(TargetSchema.create())
        .register(KeySchemas.keySets())
        .register(KeySchemas.keys())
        .register(PluginSchema.create(plugins));
  }
}
