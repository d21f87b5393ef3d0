package io.gatehouse.sdk;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.BiConsumer;
import java.util.function.Function;
import java.util.function.Predicate;
import org.jspecify.annotations.Nullable;

/**
 * Rules over several fields of a config or {@link Entity} record (Kong's {@code entity_checks}),
 * returned from {@link PreparedPlugin#checks}. Immutable: every method returns a new value. They run
 * after each field is valid on its own and answer with Kong's messages.
 *
 * <p>Field names are Kong's (snake_case). A name written {@code config.x} in a config check is
 * Kong's plugin-level form ({@code at_least_one_of = {"config.allow", "config.deny"}}): the message
 * names the fields that way and is reported on the plugin rather than on its config.
 *
 * <pre>{@code
 * EntityChecks.NONE.atLeastOneOf("allow", "deny").onlyOneOf("allow", "deny")
 * }</pre>
 */
public final class EntityChecks {
  /** No checks. */
  public static final EntityChecks NONE = new EntityChecks(List.of());

  /** One rule. */
  public sealed interface Rule permits AtLeastOneOf, OnlyOneOf, Conditional, Custom, RequiredIf, Reporting {}

  /** {@code at least one of these fields must be non-empty: 'a', 'b'}. */
  public record AtLeastOneOf(List<String> fields) implements Rule {}

  /** {@code only one of these fields must be non-empty: 'a', 'b'}. */
  public record OnlyOneOf(List<String> fields) implements Rule {}

  /**
   * When {@code when} holds for {@code ifField}'s value, {@code then} answers for {@code thenField}'s
   * value with a message (null: fine): {@code failed conditional validation given value of field
   * 'ifField'} and the message on {@code thenField}.
   */
  public record Conditional(String ifField, Predicate<@Nullable Object> when, String thenField,
      Function<@Nullable Object, @Nullable String> then) implements Rule {}

  /** A rule of the plugin's own over these fields: its message, or null when they are fine. */
  public record Custom(List<String> fields, Function<Map<String, @Nullable Object>, @Nullable String> check)
      implements Rule {}

  /**
   * Kong's {@code conditional} with {@code then_match = { required = true }}: when {@code when}
   * holds for {@code ifField}'s value, {@code thenField} must be set, else {@code failed conditional
   * validation given value of field 'ifField'} and {@code required field missing} on it. Described
   * as Kong's {@code conditional}.
   */
  public record RequiredIf(String ifField, Predicate<@Nullable Object> when, String thenField) implements Rule {}

  /** Where a {@link Reporting} rule reports: Kong's {@code @entity} list and per-field messages. */
  public interface Report {
    /** An entity-level message (several may be reported). */
    void entity(String message);

    /** A message on one field (the first one reported on a field is kept). */
    void field(String name, String message);

    /**
     * A message on element {@code index} (from 0) of an array field, in Kong's shape for element
     * errors ({@code [null, "message"]}), as a per-element check would report it.
     */
    default void element(String name, int index, String message) {
      field(name, message);
    }
  }

  /**
   * A rule of the plugin's own about {@code fields} that may report several messages, on the entity
   * and on fields; it reads every value of the record (deprecated shorthand fields included).
   */
  public record Reporting(List<String> fields, BiConsumer<Map<String, @Nullable Object>, Report> check)
      implements Rule {}

  private final List<Rule> rules;

  private EntityChecks(List<Rule> rules) {
    this.rules = rules;
  }

  /** The rules, in declaration order. */
  public List<Rule> rules() {
    return rules;
  }

  /** Kong's {@code at_least_one_of}: one of these fields must be set. */
  public EntityChecks atLeastOneOf(String... fields) {
    return with(new AtLeastOneOf(List.of(fields)));
  }

  /** Kong's {@code only_one_of}: at most one of these fields may be set. */
  public EntityChecks onlyOneOf(String... fields) {
    return with(new OnlyOneOf(List.of(fields)));
  }

  /**
   * Kong's {@code conditional}: when {@code ifField}'s value passes {@code when}, {@code then}
   * checks {@code thenField}'s value and answers a field message, or null when it is fine.
   */
  public EntityChecks conditional(String ifField, Predicate<@Nullable Object> when, String thenField,
      Function<@Nullable Object, @Nullable String> then) {
    return with(new Conditional(ifField, when, thenField, then));
  }

  /**
   * A rule of the plugin's own: {@code check} gets the named fields' values ({@code String},
   * {@code Boolean}, {@code Long}, {@code Double}, {@code List}, {@code Map} or null) and answers
   * the entity-level message, or null.
   */
  public EntityChecks custom(List<String> fields, Function<Map<String, @Nullable Object>, @Nullable String> check) {
    return with(new Custom(List.copyOf(fields), check));
  }

  /** Kong's {@code conditional} with {@code then_match = { required = true }}: {@code thenField} must be set. */
  public EntityChecks requiredIf(String ifField, Predicate<@Nullable Object> when, String thenField) {
    return with(new RequiredIf(ifField, when, thenField));
  }

  /**
   * A rule of the plugin's own about {@code fields} that reports through {@link Report}: entity
   * messages and field messages, as many as it finds. {@code check} gets every value of the record
   * (in the types {@link #custom(List, Function)} lists).
   */
  public EntityChecks reporting(List<String> fields, BiConsumer<Map<String, @Nullable Object>, Report> check) {
    return with(new Reporting(List.copyOf(fields), check));
  }

  private EntityChecks with(Rule rule) {
    List<Rule> all = new ArrayList<>(rules);
    all.add(Objects.requireNonNull(rule));
    return new EntityChecks(List.copyOf(all));
  }
}
