package io.gatehouse.store;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Map;

/**
 * A store whose whole configuration is replaced at once (Kong's DB-less mode): the declarative file
 * at start, then each {@code POST /config}. Readers see the old configuration or the new one,
 * never a mix.
 */
public interface DeclarativeStore extends ConfigStore {

  /**
   * Replaces every table with {@code tables} (already validated and complete; tables not named
   * become empty) in one step, bumping the version once, and remembers {@code hash} as the running
   * configuration's. Returns the new version.
   */
  long replaceAll(Map<String, List<ObjectNode>> tables, String hash);

  /** The hash given with the running configuration; 32 zeros when none was loaded. */
  String configHash();
}
