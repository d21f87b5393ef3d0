package io.gatehouse.plugin;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.module.SimpleModule;
import java.util.LinkedHashSet;
import java.util.Objects;
import java.util.Set;

/**
 * Binds a validated plugin config (snake_case JSON) to its record ({@code key_names} → component
 * {@code keyNames}). Fields the record does not declare are ignored, so a record may take only what
 * its handler uses.
 */
public final class ConfigBinding {
  private static final ObjectMapper MAPPER = JsonMapper.builder()
      .propertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
      .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
      // a Kong set is an ordered array: keep the order it was written in
      .addModule(new SimpleModule().addAbstractTypeMapping(Set.class, LinkedHashSet.class))
      .build();

  private ConfigBinding() {}

  /**
   * @throws IllegalArgumentException when the tree does not fit the record
   */
  public static <C> C bind(ObjectNode config, Class<C> type) {
    Objects.requireNonNull(config, "config");
    Objects.requireNonNull(type, "type");
    try {
      return MAPPER.treeToValue(config, type);
    } catch (Exception e) {
      throw new IllegalArgumentException("config does not bind to " + type.getSimpleName() + ": " + e.getMessage(), e);
    }
  }
}
