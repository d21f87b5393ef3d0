package io.gatehouse.plugins.requesttermination;

import org.jspecify.annotations.Nullable;

/** request-termination's config (reference plugins §22). */
public record RequestTerminationConfig(
    int statusCode,
    @Nullable String message,
    @Nullable String contentType,
    @Nullable String body,
    boolean echo,
    @Nullable String trigger) {}
