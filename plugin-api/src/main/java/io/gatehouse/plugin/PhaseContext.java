package io.gatehouse.plugin;

import io.gatehouse.core.model.Consumer;
import io.gatehouse.core.model.Route;
import io.gatehouse.core.model.Service;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/** What every phase can read. Contexts belong to one request and one event loop: don't keep them. */
public interface PhaseContext {

  /** The request id (also in {@code X-Kong-Request-Id} and the log). */
  String requestId();

  /** The request as the client sent it. */
  ClientRequest request();

  /** The matched route, or null (rewrite phase, or no route matched). */
  @Nullable Route route();

  /** The matched route's service, or null. */
  @Nullable Service service();

  /** The consumer authenticated so far ({@code kong.client.get_consumer()}), or null. */
  @Nullable Consumer consumer();

  /** The credential authenticated so far ({@code kong.client.get_credential()}), or null (anonymous). */
  @Nullable Credential credential();

  /** State shared by all plugins for this request ({@code kong.ctx.shared}); created on first use. */
  Map<String, Object> shared();

  /** The id of the plugin instance whose handler is running (Kong's {@code __plugin_id}). */
  String pluginId();
}
