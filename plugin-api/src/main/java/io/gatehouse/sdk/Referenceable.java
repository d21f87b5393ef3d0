package io.gatehouse.sdk;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * The value may be a vault reference ({@code {vault://env/secret}}), resolved before binding (Kong's
 * {@code referenceable}). On a type argument it marks the elements or map values
 * ({@code Map<String, @Referenceable String>}).
 */
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.RECORD_COMPONENT, ElementType.TYPE_USE})
public @interface Referenceable {}
