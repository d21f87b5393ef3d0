package io.gatehouse.proxy.plugins;

import io.gatehouse.core.entity.Typedefs;
import io.gatehouse.core.schema.Field;
import io.gatehouse.sdk.Between;
import io.gatehouse.sdk.Default;
import io.gatehouse.sdk.Description;
import io.gatehouse.sdk.EntityChecks;
import io.gatehouse.sdk.HeaderName;
import io.gatehouse.sdk.Len;
import io.gatehouse.sdk.Name;
import io.gatehouse.sdk.OneOf;
import io.gatehouse.sdk.Referenceable;
import io.gatehouse.sdk.Check;
import io.gatehouse.sdk.Validator;
import java.math.BigDecimal;
import org.jspecify.annotations.Nullable;
import java.lang.reflect.AnnotatedElement;
import java.lang.reflect.AnnotatedParameterizedType;
import java.lang.reflect.AnnotatedType;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Derives a plugin's Kong schema ({@link Field}) from its annotated config record (SDK 1.0): the one
 * place that knows how {@code io.gatehouse.sdk} annotations map onto Kong's field vocabulary.
 */
final class ConfigSchemas {
  private ConfigSchemas() {}

  /** Entity-level checks per record type (a plugin's {@code checks}). */
  interface Checks {
    Checks NONE = type -> EntityChecks.NONE;

    EntityChecks of(Class<? extends Record> type);
  }

  /** The {@code config} record field of a plugin whose config is {@code type}. */
  static Field config(Class<? extends Record> type) {
    return config(type, Checks.NONE);
  }

  /** The {@code config} record field, with the entity-level checks of each record type. */
  static Field config(Class<? extends Record> type, Checks checks) {
    return record("config", type, checks);
  }

  @SuppressWarnings("unchecked")
  private static Field record(String name, Class<?> type, Checks checks) {
    if (!type.isRecord()) {
      throw new IllegalArgumentException(type.getName() + " must be a record");
    }
    List<Field> fields = new ArrayList<>();
    for (RecordComponent c : type.getRecordComponents()) {
      fields.add(component(c, checks));
    }
    Field f = Field.record(name, fields.toArray(Field[]::new));
    SdkChecks.of(checks.of((Class<? extends Record>) type)).forEach(f::recordCheck);
    return f;
  }

  /** One record component as a field (config and {@link io.gatehouse.sdk.Entity} records alike). */
  static Field component(RecordComponent c, Checks checks) {
    Name rename = c.getAnnotation(Name.class);
    String name = rename != null ? rename.value() : snakeCase(c.getName());
    io.gatehouse.sdk.Foreign foreign = c.getAnnotation(io.gatehouse.sdk.Foreign.class);
    Field f = foreign != null ? Field.foreign(name, foreign.value(), io.gatehouse.core.schema.TableSpec.OnDelete.CASCADE)
        : field(name, c.getAnnotatedType(), checks);
    Default def = c.getAnnotation(Default.class);
    // Kong's required = the value may not be null; a @Nullable component is the optional kind
    if (c.getType().isPrimitive() || !c.getAnnotatedType().isAnnotationPresent(Nullable.class)) {
      f.required();
    }
    if (def != null) {
      f.defaultValue(defaultValue(f, def.value()));
    }
    if (c.isAnnotationPresent(io.gatehouse.sdk.Auto.class)) {
      f.auto(); // a config field: a random value when absent (session's secret)
    }
    Description d = c.getAnnotation(Description.class);
    if (d != null) {
      f.description(d.value());
    }
    return f;
  }

  /**
   * A field of this type, with the checks annotated on the type use. The check annotations target
   * both record components and type uses; Java then puts one written on a component on its type
   * use too, so reading the type use alone sees each exactly once.
   */
  private static Field field(String name, AnnotatedType at, Checks checks) {
    Type t = at.getType();
    Class<?> raw = t instanceof ParameterizedType p ? (Class<?>) p.getRawType() : (Class<?>) t;
    Field f;
    if (raw == String.class) {
      f = Field.string(name);
    } else if (raw == boolean.class || raw == Boolean.class) {
      f = Field.bool(name);
    } else if (raw == int.class || raw == Integer.class || raw == long.class || raw == Long.class) {
      f = Field.integer(name);
    } else if (raw == double.class || raw == Double.class || raw == BigDecimal.class) {
      f = Field.number(name);
    } else if (raw == List.class || raw == Set.class) {
      Field elements = field("", typeArgument(at, 0), checks);
      f = raw == List.class ? Field.array(name, elements) : Field.set(name, elements);
    } else if (raw == Map.class) {
      f = Field.map(name, field("", typeArgument(at, 0), checks), field("", typeArgument(at, 1), checks));
    } else if (raw.isRecord()) {
      f = record(name, raw, checks);
    } else {
      throw new IllegalArgumentException("config field '" + name + "': unsupported type " + t.getTypeName());
    }
    checks(f, at);
    return f;
  }

  private static void checks(Field f, AnnotatedElement e) {
    OneOf oneOf = e.getAnnotation(OneOf.class);
    if (oneOf != null) {
      f.oneOf(Arrays.stream(oneOf.value()).map(v -> scalar(f.type(), v)).toArray());
    }
    Between between = e.getAnnotation(Between.class);
    if (between != null) {
      f.between(number(f.type(), between.min()), number(f.type(), between.max()));
    }
    Len len = e.getAnnotation(Len.class);
    if (len != null) {
      if (len.min() >= 0) f.lenMin(len.min());
      if (len.max() >= 0) f.lenMax(len.max());
    }
    io.gatehouse.sdk.Gt gt = e.getAnnotation(io.gatehouse.sdk.Gt.class);
    if (gt != null) {
      f.gt(number(f.type(), gt.value()));
    }
    if (e.isAnnotationPresent(Referenceable.class)) {
      f.referenceable(); // on a component or a type argument (map values)
    }
    if (e.isAnnotationPresent(HeaderName.class)) {
      f.check(Typedefs.headerName());
    }
    if (e.isAnnotationPresent(io.gatehouse.sdk.Host.class)) {
      Typedefs.host(f.name()).checks().forEach(f::check); // Kong's typedefs.host check, as core writes it
    }
    Check check = e.getAnnotation(Check.class);
    if (check != null) {
      Validator v = validator(check.value());
      f.check(node -> v.check(node.isTextual() ? node.asText() : node.isBoolean() ? (Object) node.asBoolean()
          : node.isIntegralNumber() ? (Object) node.asLong() : node.isNumber() ? (Object) node.asDouble() : node.toString()));
    }
  }

  private static Validator validator(Class<? extends Validator> type) {
    try {
      return type.getConstructor().newInstance();
    } catch (ReflectiveOperationException e) {
      throw new IllegalArgumentException("@Check(" + type.getName() + "): needs a public no-argument constructor", e);
    }
  }

  private static AnnotatedType typeArgument(AnnotatedType at, int i) {
    if (!(at instanceof AnnotatedParameterizedType p)) {
      throw new IllegalArgumentException("raw collection type " + at.getType().getTypeName());
    }
    return p.getAnnotatedActualTypeArguments()[i];
  }

  private static Object defaultValue(Field f, String[] values) {
    return switch (f.type()) {
      case ARRAY, SET -> Arrays.stream(values).map(v -> scalar(f.elements().type(), v)).toList();
      default -> {
        if (values.length != 1) {
          throw new IllegalArgumentException("field '" + f.name() + "': @Default needs exactly one value");
        }
        yield scalar(f.type(), values[0]);
      }
    };
  }

  private static Object scalar(Field.Type type, String v) {
    return switch (type) {
      case BOOLEAN -> switch (v) {
        case "true" -> true;
        case "false" -> false;
        default -> throw new IllegalArgumentException("not a boolean: '" + v + "'");
      };
      case INTEGER -> Long.parseLong(v) == (int) Long.parseLong(v) ? (Object) Integer.parseInt(v) : Long.parseLong(v);
      case NUMBER -> number(type, Double.parseDouble(v));
      case RECORD -> io.gatehouse.core.json.Json.parse(v); // an array of records: one JSON object per element
      default -> v;
    };
  }

  /** Integral values print as integers, as in Kong's schemas ({@code between = { 0, 65535 }}). */
  private static Number number(Field.Type type, double v) {
    if (type == Field.Type.INTEGER && v >= Long.MAX_VALUE) {
      return Long.MAX_VALUE; // @Between(max = Long.MAX_VALUE) arrives rounded up to 2^63
    }
    return v == Math.rint(v) && Math.abs(v) <= Integer.MAX_VALUE ? (Number) (int) v : (Number) v;
  }

  static String snakeCase(String camel) {
    StringBuilder b = new StringBuilder(camel.length() + 4);
    for (int i = 0; i < camel.length(); i++) {
      char ch = camel.charAt(i);
      if (Character.isUpperCase(ch)) {
        b.append('_').append(Character.toLowerCase(ch));
      } else {
        b.append(ch);
      }
    }
    return b.toString();
  }
}
