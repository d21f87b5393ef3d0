package io.gatehouse.store.rbac;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.jspecify.annotations.Nullable;

/** What a permission allows on an endpoint or entity; the bits are Kong's. */
public enum Action {
  READ(0x01),
  CREATE(0x02),
  UPDATE(0x04),
  DELETE(0x08);

  /** Every action, as one bit field. */
  public static final int ALL = 0x0F;

  private final int bit;

  Action(int bit) {
    this.bit = bit;
  }

  public int bit() {
    return bit;
  }

  /** Kong's lower-case name ({@code read}, {@code create} …). */
  public String kongName() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** The action a request method asks for, as Kong maps it; null for a method no action covers. */
  public static @Nullable Action ofMethod(String method) {
    return switch (method) {
      case "GET", "HEAD", "OPTIONS" -> READ;
      case "POST" -> CREATE;
      case "PUT", "PATCH" -> UPDATE;
      case "DELETE" -> DELETE;
      default -> null;
    };
  }

  /** The action named {@code name}, or null. */
  public static @Nullable Action named(String name) {
    for (Action a : values()) {
      if (a.kongName().equals(name.trim().toLowerCase(Locale.ROOT))) {
        return a;
      }
    }
    return null;
  }

  /** The names of the actions set in {@code bits}, in Kong's order (delete, create, update, read). */
  public static List<String> names(int bits) {
    List<String> out = new ArrayList<>();
    for (Action a : List.of(DELETE, CREATE, UPDATE, READ)) {
      if ((bits & a.bit) != 0) {
        out.add(a.kongName());
      }
    }
    return out;
  }
}
