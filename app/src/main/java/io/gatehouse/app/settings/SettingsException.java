package io.gatehouse.app.settings;

import java.util.List;

/** The configuration is invalid; {@link #errors()} lists every problem found, one per entry. */
public final class SettingsException extends RuntimeException {
  private static final long serialVersionUID = 1L;
  private final List<String> errors;

  public SettingsException(List<String> errors) {
    super(String.join("\n", errors));
    if (errors.isEmpty()) {
      throw new IllegalArgumentException("errors: empty (expected: at least one)");
    }
    this.errors = List.copyOf(errors);
  }

  public List<String> errors() {
    return errors;
  }
}
