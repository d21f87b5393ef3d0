package io.gatehouse.store;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.gatehouse.core.entity.EntityWorkspace;
import java.util.Optional;

/**
 * The reads a {@link ConfigStore} answers from its committed rows and a {@link StoreTransaction} from
 * inside itself (its own writes included), so code that only reads entities takes either.
 */
public interface EntityReads {
  Optional<ObjectNode> get(String table, String id);

  /**
   * Looks a row up by one of the table's {@link io.gatehouse.core.schema.TableSpec#uniqueFields()} (or
   * {@code id}) in the default workspace; see {@link #findByUnique(String, String, String, String)}. A
   * field that is only unique inside a composite (a target's {@code target}) is an
   * {@link IllegalArgumentException}: list with a foreign and an equals filter instead.
   */
  default Optional<ObjectNode> findByUnique(String table, String field, String value) {
    return findByUnique(EntityWorkspace.DEFAULT_ID, table, field, value);
  }

  /**
   * As {@link #findByUnique(String, String, String)}, among the rows of one workspace (values are
   * unique per workspace, except Kong's {@code unique_across_ws} fields, found from any workspace).
   */
  Optional<ObjectNode> findByUnique(String workspace, String table, String field, String value);

  /**
   * One page of a table in primary-key (id string) order, filtered as the query says; code 7 for an
   * offset the store did not hand out.
   */
  Page list(String table, PageQuery query);
}
