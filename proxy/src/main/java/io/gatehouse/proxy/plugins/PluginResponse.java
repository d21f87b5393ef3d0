package io.gatehouse.proxy.plugins;

import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * A response a plugin asked for with {@code exit} or {@code error}.
 *
 * @param contentType the Content-Type to send unless {@code headers} names one; null for none
 */
public record PluginResponse(int status, Map<String, String> headers, byte[] body, @Nullable String contentType) {}
