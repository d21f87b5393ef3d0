package io.gatehouse.core.entity;

import static io.gatehouse.core.entity.Typedefs.*;

import io.gatehouse.core.schema.EntityCheck;
import io.gatehouse.core.schema.Field;
import io.gatehouse.core.schema.Schema;

/** Kong's {@code consumers} entity (reference §1.3). */
public final class ConsumerSchema {
  private ConsumerSchema() {}

  public static Schema create() {
    return Schema.builder("consumers")
        .endpointKey("username")
        .fields(id(), createdAt(), updatedAt(), Field.string("username").unique(), Field.string("custom_id").unique(), tags())
        .check(EntityCheck.atLeastOneOf("custom_id", "username"))
        .build();
  }
}
