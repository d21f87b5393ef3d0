package io.gatehouse.plugin;

/**
 * Implemented next to {@link Access} (or {@link AsyncAccess}) by a plugin that must read the whole
 * request body ({@code kong.request.get_raw_body}). Asked right before the plugin's access handler
 * runs; on {@code true} the gateway reads the body into memory first (up to its buffering limit; a
 * larger body is answered {@code 413}), and {@link AccessContext#requestBody()} returns it. Bodies
 * stream untouched unless some plugin applying to the request says yes here, so answer
 * {@code false} whenever the config or the request make the body irrelevant.
 */
public interface NeedsRequestBody<C> extends PhaseHandler<C> {

  boolean needsRequestBody(ClientRequest request, C config);
}
