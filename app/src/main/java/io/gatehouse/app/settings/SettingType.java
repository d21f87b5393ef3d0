package io.gatehouse.app.settings;

/** How a setting's text is read, following Kong's conf_loader value types. */
public enum SettingType {
  /** Free text. */
  STRING,
  /** A whole number. */
  INTEGER,
  /** A decimal number. */
  NUMBER,
  /** {@code on}/{@code off} (also {@code true}/{@code false}). */
  BOOLEAN,
  /** Comma-separated values, trimmed; {@code NONE} is the empty list. */
  LIST,
  /** Comma-separated listeners ({@code addr:port [flags]}) or {@code off}. */
  LISTENERS,
  /** An nginx size: a byte count with an optional {@code k}, {@code m} or {@code g} suffix. */
  SIZE,
  /** An nginx time: a number with an optional {@code ms}, {@code s}, {@code m}, {@code h}, {@code d} suffix. */
  DURATION
}
