package io.gatehouse.plugins.requesttermination;

import io.gatehouse.sdk.Between;
import io.gatehouse.sdk.Default;
import io.gatehouse.sdk.HeaderName;
import org.jspecify.annotations.Nullable;

/** request-termination's config (reference plugins §22). */
public record RequestTerminationConfig(
    @Default("503") @Between(min = 100, max = 599) int statusCode,
    @Nullable String message,
    @Nullable String contentType,
    @Nullable String body,
    @Default("false") boolean echo,
    @HeaderName @Nullable String trigger) {}
