package io.gatehouse.sdk;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * A plugin-owned entity type (credentials, ACL groups), declared as a record whose components are
 * its own fields (the same rules and annotations as a config record, plus {@link Unique} and
 * {@link Auto}); return the record class from {@link PreparedPlugin#entities()}. The gateway adds
 * {@code id}, {@code created_at}, the owning {@code consumer} (deleted with it) and {@code tags},
 * and gives the type a table, {@code /{adminApiName}}, {@code /consumers/{c}/{nestedName}},
 * declarative keys and cascade deletes. Read its rows with {@link Snapshot#rows}.
 *
 * <pre>{@code
 * @Entity(table = "keyauth_credentials", adminApiName = "key-auths", nestedName = "key-auth",
 *     endpointKey = "key", ttl = true)
 * public record KeyAuthCredential(@Unique @Auto @Nullable String key) {}
 * }</pre>
 */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
public @interface Entity {

  /** The table and schema name ({@code GET /schemas/{table}}). */
  String table();

  /** The Admin API collection path segment; empty: the table name. */
  String adminApiName() default "";

  /** The segment under {@code /consumers/{c}/}; empty: the admin API name. */
  String nestedName() default "";

  /** A field that addresses a row besides its id ({@code /key-auths/{key}}); empty: none. */
  String endpointKey() default "";

  /** Whether rows may carry a {@code ttl} (Kong's {@code ttl = true}). */
  boolean ttl() default false;

  /** Fields unique together ({@code {"consumer", "group"}}); empty: none. */
  String[] uniqueTogether() default {};
}
