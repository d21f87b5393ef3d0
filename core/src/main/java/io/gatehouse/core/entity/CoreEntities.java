package io.gatehouse.core.entity;

import io.gatehouse.core.schema.PluginCatalog;
import io.gatehouse.core.schema.SchemaRegistry;

/** Registers Kong's core entity types, parents before children. */
public final class CoreEntities {
  private CoreEntities() {}

  public static SchemaRegistry registry(PluginCatalog plugins) {
    return new SchemaRegistry(plugins)
        .register(CertificateSchemas.certificates())
        .register(CertificateSchemas.caCertificates())
        .register(CertificateSchemas.snis())
        .register(ServiceSchema.create())
        .register(RouteSchema.create())
        .register(ConsumerSchema.create())
        .register(UpstreamSchema.create())
        .register(TargetSchema.create())
        .register(PluginSchema.create(plugins));
  }
}
