package io.gatehouse.proxy.plugins;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyName;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.introspect.Annotated;
import com.fasterxml.jackson.databind.introspect.AnnotatedMember;
import com.fasterxml.jackson.databind.introspect.AnnotatedParameter;
import com.fasterxml.jackson.databind.introspect.JacksonAnnotationIntrospector;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.lang.reflect.RecordComponent;
import java.util.LinkedHashSet;
import java.util.Objects;
import java.util.Set;
import org.jspecify.annotations.Nullable;

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
      .annotationIntrospector(new SdkNames())
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

  /**
   * A record component renamed with {@link io.gatehouse.sdk.Name} binds from that name (proxy-cache's
   * {@code X-Cache-Status}). The annotation sits on the component only, so it is looked up there
   * for the canonical constructor's parameters and the component's field and accessor.
   */
  private static final class SdkNames extends JacksonAnnotationIntrospector {
    @Override
    public @Nullable PropertyName findNameForDeserialization(Annotated a) {
      io.gatehouse.sdk.Name name = sdkName(a);
      return name != null ? PropertyName.construct(name.value()) : super.findNameForDeserialization(a);
    }

    private static io.gatehouse.sdk.@Nullable Name sdkName(Annotated a) {
      if (!(a instanceof AnnotatedMember m) || !m.getDeclaringClass().isRecord()) {
        return null;
      }
      RecordComponent[] components = m.getDeclaringClass().getRecordComponents();
      if (a instanceof AnnotatedParameter p) {
        return p.getOwner().getParameterCount() == components.length
            ? components[p.getIndex()].getAnnotation(io.gatehouse.sdk.Name.class) : null;
      }
      for (RecordComponent c : components) {
        if (c.getName().equals(m.getName())) {
          return c.getAnnotation(io.gatehouse.sdk.Name.class);
        }
      }
      return null;
    }
  }
}
