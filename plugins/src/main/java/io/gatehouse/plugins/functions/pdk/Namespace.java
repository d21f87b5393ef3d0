package io.gatehouse.plugins.functions.pdk;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A PDK namespace ({@code kong.request}) and its functions by Kong's name. Bindings expose it as a
 * table or object whose other members fail naming themselves ({@code kong.request.foo is not
 * supported by Gatehouse}).
 */
public record Namespace(String path, Map<String, PdkFunction> functions) {
  public Namespace {
    functions = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(functions));
  }

  /** Builds a namespace in declaration order. */
  public static Builder builder(String path) {
    return new Builder(path);
  }

  public static final class Builder {
    private final String path;
    private final Map<String, PdkFunction> functions = new LinkedHashMap<>();

    private Builder(String path) {
      this.path = path;
    }

    public Builder fn(String name, PdkFunction f) {
      functions.put(name, f);
      return this;
    }

    /** A function that returns nothing. */
    public Builder action(String name, java.util.function.BiConsumer<RequestScope, Args> f) {
      functions.put(name, (s, a) -> {
        f.accept(s, a);
        return null;
      });
      return this;
    }

    public Namespace build() {
      return new Namespace(path, functions);
    }
  }
}
