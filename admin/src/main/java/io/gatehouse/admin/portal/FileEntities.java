package io.gatehouse.admin.portal;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.gatehouse.store.EntityReads;
import io.gatehouse.store.Page;
import io.gatehouse.store.PageQuery;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A declarative file's entities (one workspace's, as they will be once imported) read as a store is:
 * by id and by unique field, so a product in the file is checked, and its document fetched, before
 * the import's transaction. A file is not paged ({@link #list} is unsupported).
 */
final class FileEntities implements EntityReads {
  private final Map<String, List<ObjectNode>> tables;

  FileEntities(Map<String, List<ObjectNode>> tables) {
    this.tables = tables;
  }

  @Override
  public Optional<ObjectNode> get(String table, String id) {
    return find(table, "id", id);
  }

  @Override
  public Optional<ObjectNode> findByUnique(String workspace, String table, String field, String value) {
    return find(table, field, value);
  }

  @Override
  public Page list(String table, PageQuery query) {
    throw new UnsupportedOperationException("a declarative file's entities are looked up, not paged");
  }

  private Optional<ObjectNode> find(String table, String field, String value) {
    return tables.getOrDefault(table, List.of()).stream()
        .filter(e -> e.path(field).isTextual() && e.get(field).asText().equals(value))
        .findFirst()
        .map(ObjectNode::deepCopy);
  }
}
