package io.gatehouse.sdk;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * On a string component of an {@link Entity} record: the value is rewritten on every write before
 * it is stored (basic-auth hashes its password). A declarative file with {@code _transform: false}
 * holds stored values already, and skips it.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.RECORD_COMPONENT)
public @interface Transform {

  /** The rewrite: a public class with a public no-argument constructor. */
  Class<? extends Transformer> value();

  /**
   * A boolean field of the same record; when named, the rewrite applies only to rows where it is
   * true (oauth2's {@code client_secret} is hashed only with {@code hash_secret}). Empty: always.
   */
  String onlyIf() default "";

  /** Rewrites a written value into its stored form; must leave a stored form unchanged. */
  @FunctionalInterface
  interface Transformer {
    String apply(String value);
  }
}
