package io.gatehouse.sdk;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * A custom check of a field or of each element (Kong's {@code custom_validator}):
 * {@code List<@Check(IsRegex.class) String> origins}. The class needs a public no-argument constructor.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.RECORD_COMPONENT, ElementType.TYPE_USE})
public @interface Check {
  /** The validator, with a public no-argument constructor. */
  Class<? extends Validator> value();
}
