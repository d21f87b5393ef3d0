package io.gatehouse.sdk;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/** The value must be one of these (Kong's {@code one_of}); on an element type ({@code List<@OneOf({"GET","POST"}) String>}) it applies to each element. Numbers and booleans are parsed like {@link Default}. */
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.RECORD_COMPONENT, ElementType.TYPE_USE})
public @interface OneOf {
  /** The allowed values. */
  String[] value();
}
