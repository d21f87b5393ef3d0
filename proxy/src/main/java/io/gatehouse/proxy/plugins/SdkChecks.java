package io.gatehouse.proxy.plugins;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.gatehouse.core.schema.EntityCheck;
import io.gatehouse.sdk.EntityChecks;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Translates the SDK's {@link EntityChecks} into core {@link EntityCheck}s with Kong's messages. A
 * field written {@code config.x} is Kong's plugin-level form: checked on the config's {@code x},
 * reported on the plugin's {@code @entity}.
 */
final class SdkChecks {
  private static final String CONFIG = "config.";

  private SdkChecks() {}

  static List<EntityCheck> of(EntityChecks checks) {
    List<EntityCheck> out = new ArrayList<>();
    for (EntityChecks.Rule r : checks.rules()) {
      out.add(switch (r) {
        case EntityChecks.AtLeastOneOf a -> atLeastOneOf(a.fields());
        case EntityChecks.OnlyOneOf o -> onlyOneOf(o.fields());
        case EntityChecks.Conditional c -> conditional(c);
        case EntityChecks.RequiredIf c -> requiredIf(c);
        case EntityChecks.Reporting c -> EntityCheck.custom(c.fields(), (e, errors) -> {
          Map<String, @Nullable Object> values = new HashMap<>();
          e.properties().forEach(en -> values.put(en.getKey(), value(en.getValue())));
          c.check().accept(java.util.Collections.unmodifiableMap(values), new EntityChecks.Report() {
            @Override
            public void entity(String message) {
              errors.entity(message);
            }

            @Override
            public void field(String name, String message) {
              errors.field(name, message);
            }

            @Override
            public void element(String name, int index, String message) {
              errors.element(name, index, message);
            }
          });
        });
        case EntityChecks.Custom c -> custom(c);
      });
    }
    return out;
  }

  /** The values keyed as the plugin wrote the names; {@code config.x} ones report on the plugin. */
  private static EntityCheck custom(EntityChecks.Custom c) {
    boolean root = plugin(c.fields());
    return EntityCheck.custom(strip(c.fields()), (e, errors) -> {
      Map<String, @Nullable Object> values = new HashMap<>();
      c.fields().forEach(f -> values.put(f, value(e.get(strip(f)))));
      String message = c.check().apply(values);
      if (message != null) {
        report(errors, root, message);
      }
    });
  }

  private static EntityCheck atLeastOneOf(List<String> fields) {
    if (!plugin(fields)) {
      return EntityCheck.atLeastOneOf(fields.toArray(String[]::new));
    }
    List<String> own = strip(fields);
    String message = "at least one of these fields must be non-empty: " + quoted(fields);
    return EntityCheck.custom(own, (e, errors) -> {
      if (own.stream().allMatch(f -> EntityCheck.isEmpty(e.get(f)))) {
        errors.rootEntity(message);
      }
    });
  }

  private static EntityCheck onlyOneOf(List<String> fields) {
    List<String> own = strip(fields);
    boolean root = plugin(fields);
    String message = "only one of these fields must be non-empty: " + quoted(fields);
    return EntityCheck.custom(own, (e, errors) -> {
      if (own.stream().filter(f -> !EntityCheck.isEmpty(e.get(f))).count() > 1) {
        report(errors, root, message);
      }
    });
  }

  private static EntityCheck conditional(EntityChecks.Conditional c) {
    boolean root = c.ifField().startsWith(CONFIG);
    String ifOwn = strip(c.ifField());
    String thenOwn = strip(c.thenField());
    String message = "failed conditional validation given value of field '" + c.ifField() + "'";
    return EntityCheck.custom(List.of(ifOwn, thenOwn), (e, errors) -> {
      if (!c.when().test(value(e.get(ifOwn)))) {
        return;
      }
      String failure = c.then().apply(value(e.get(thenOwn)));
      if (failure != null) {
        report(errors, root, message);
        errors.field(thenOwn, failure);
      }
    });
  }

  private static EntityCheck requiredIf(EntityChecks.RequiredIf c) {
    if (c.ifField().startsWith(CONFIG) || c.thenField().startsWith(CONFIG)) {
      throw new IllegalArgumentException("requiredIf: plugin-level fields are not supported: " + c.ifField());
    }
    return EntityCheck.conditional(c.ifField(), v -> c.when().test(value(v)), c.thenField(),
        v -> !EntityCheck.isNull(v), "required field missing");
  }

  private static void report(EntityCheck.Errors errors, boolean root, String message) {
    if (root) {
      errors.rootEntity(message);
    } else {
      errors.entity(message);
    }
  }

  private static boolean plugin(List<String> fields) {
    return fields.stream().anyMatch(f -> f.startsWith(CONFIG));
  }

  private static List<String> strip(List<String> fields) {
    return fields.stream().map(SdkChecks::strip).toList();
  }

  private static String strip(String field) {
    return field.startsWith(CONFIG) ? field.substring(CONFIG.length()) : field;
  }

  private static String quoted(List<String> fields) {
    StringBuilder s = new StringBuilder();
    for (String f : fields) {
      s.append(s.isEmpty() ? "" : ", ").append('\'').append(f).append('\'');
    }
    return s.toString();
  }

  /** A JSON value as the SDK hands it to checks: String, Boolean, Long, Double, List, Map or null. */
  static @Nullable Object value(@Nullable JsonNode v) {
    if (v == null || v.isNull() || v.isMissingNode()) {
      return null;
    }
    if (v.isTextual()) {
      return v.asText();
    }
    if (v.isBoolean()) {
      return v.asBoolean();
    }
    if (v.isIntegralNumber()) {
      return v.asLong();
    }
    if (v.isNumber()) {
      return v.asDouble();
    }
    if (v.isArray()) {
      List<@Nullable Object> out = new ArrayList<>();
      v.forEach(e -> out.add(value(e)));
      return java.util.Collections.unmodifiableList(out);
    }
    Map<String, @Nullable Object> out = new LinkedHashMap<>();
    ((ObjectNode) v).properties().forEach(en -> out.put(en.getKey(), value(en.getValue())));
    return java.util.Collections.unmodifiableMap(out);
  }
}
