package io.gatehouse.store;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import org.jspecify.annotations.Nullable;

/** One page of rows; {@code offset} is the opaque token for the next page, null on the last. */
public record Page(List<ObjectNode> data, @Nullable String offset) {
  public Page {
    data = List.copyOf(data);
  }
}
