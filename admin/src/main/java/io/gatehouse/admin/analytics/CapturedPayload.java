package io.gatehouse.admin.analytics;

import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * What the {@code call-log} plugin kept of one call's payload, raw: headers as sent, bodies cut to
 * the size limit. Redacting and formatting them is the writer thread's job ({@link PayloadRules#render}),
 * so the event loop only copies.
 *
 * @param requestHeaders header name to values, or null when headers are not captured
 * @param requestBody the first bytes of the request body, or null when not captured
 * @param requestBodyBytes the request body's full size (more than the bytes kept when cut)
 */
record CapturedPayload(
    PayloadRules rules,
    @Nullable Map<String, List<String>> requestHeaders,
    byte @Nullable [] requestBody,
    long requestBodyBytes,
    @Nullable String requestContentType,
    @Nullable Map<String, List<String>> responseHeaders,
    byte @Nullable [] responseBody,
    long responseBodyBytes,
    @Nullable String responseContentType) {}
