package io.gatehouse.plugins.logqueue;

import io.gatehouse.core.schema.Field;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Config fields every logging plugin shares. */
public final class LogFields {
  private static final Logger LOG = LoggerFactory.getLogger(LogFields.class);
  private static final AtomicBoolean WARNED = new AtomicBoolean();

  private LogFields() {}

  /** {@code custom_fields_by_lua}: accepted so Kong configs load, not run (there is no Lua here). */
  public static Field customFieldsByLua() {
    return Field.map("custom_fields_by_lua", Field.element(Field.Type.STRING), Field.element(Field.Type.STRING));
  }

  /** Says once per process that {@code custom_fields_by_lua} is ignored. */
  public static void warnIfCustomFields(String plugin, @Nullable Map<String, String> customFields) {
    if (customFields != null && !customFields.isEmpty() && WARNED.compareAndSet(false, true)) {
      LOG.warn("{}: custom_fields_by_lua is accepted but not applied (Lua is not supported)", plugin);
    }
  }
}
