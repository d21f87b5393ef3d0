package io.gatehouse.sdk;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * On a {@code String} component of an {@link Entity} record: the field is Kong's {@code foreign}
 * reference to a row of {@link #value()} (written {@code {"id": "…"}}; the row must exist), and the
 * referencing row is deleted with it. Read it from {@link Row#toMap()} ({@code {id=…}}).
 */
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.RECORD_COMPONENT})
public @interface Foreign {
  /** The referenced table, e.g. {@code ca_certificates}. */
  String value();
}
