package io.gatehouse.proxy.plugins;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.gatehouse.core.model.ConfigSnapshot;
import io.gatehouse.core.model.Consumer;
import io.gatehouse.plugin.PluginSnapshot;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/** What plugins see of a snapshot while building their handlers; consumers indexed once for all. */
final class SnapshotView implements PluginSnapshot {
  private final ConfigSnapshot snapshot;
  private final long readAtMillis;
  private final Map<String, Consumer> byId = new HashMap<>();
  private final Map<String, Consumer> byUsername = new HashMap<>();
  private @Nullable SdkSnapshot sdk;

  SnapshotView(ConfigSnapshot snapshot, long readAtMillis) {
    this.snapshot = snapshot;
    this.readAtMillis = readAtMillis;
    for (Consumer c : snapshot.consumers()) {
      byId.put(c.id(), c);
      if (c.username() != null) {
        byUsername.put(c.username(), c);
      }
    }
  }

  /** The SDK's view of this snapshot, shared by every SDK plugin prepared from it. */
  SdkSnapshot sdk() {
    if (sdk == null) {
      sdk = new SdkSnapshot(this);
    }
    return sdk;
  }

  @Override
  public long version() {
    return snapshot.version();
  }

  @Override
  public long readAtMillis() {
    return readAtMillis;
  }

  @Override
  public List<ObjectNode> table(String name) {
    return snapshot.table(name);
  }

  @Override
  public Optional<Consumer> consumerById(String id) {
    return Optional.ofNullable(byId.get(id));
  }

  @Override
  public Optional<Consumer> consumer(String idOrUsername) {
    Consumer c = byId.get(idOrUsername);
    return c != null ? Optional.of(c) : Optional.ofNullable(byUsername.get(idOrUsername));
  }
}
