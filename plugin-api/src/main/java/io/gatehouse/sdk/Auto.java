package io.gatehouse.sdk;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * On an {@link Entity} record component: the gateway generates a value when none is given (Kong's
 * {@code auto = true}: a random key or secret). On a string component of a config record: a random
 * value is stored when the field is absent (Kong's random defaults, session's {@code secret}).
 */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.RECORD_COMPONENT)
public @interface Auto {}
