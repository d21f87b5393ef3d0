package io.gatehouse.sdk;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/** The field's default (Kong's {@code default}); Strings are taken as written; numbers and booleans are parsed ({@code "8"}, {@code "true"}); an array or set takes one string per element ({@code @Default({"apikey"})}, {@code @Default({})} for empty); an array of records takes one JSON object per element ({@code @Default({"{\"name\":\"latency\"}"})}). */
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.RECORD_COMPONENT})
public @interface Default {
  /** The default as Kong writes it: one value, or the elements of an array or set. */
  String[] value();
}
