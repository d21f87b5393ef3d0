package io.gatehouse.sdk;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/** String or array length bounds (Kong's {@code len_min}, {@code len_max}). */
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.RECORD_COMPONENT, ElementType.TYPE_USE})
public @interface Len {
  /** The smallest length allowed; -1 leaves Kong's default (1 for strings, none for arrays). */
  int min() default -1;

  /** The largest length allowed (Kong's {@code len_max}); -1 for none. */
  int max() default -1;
}
