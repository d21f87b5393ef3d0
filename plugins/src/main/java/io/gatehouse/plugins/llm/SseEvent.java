package io.gatehouse.plugins.llm;

import org.jspecify.annotations.Nullable;

/**
 * One server-sent event ({@code event:} and {@code data:} lines), or one line of a JSON-lines
 * stream (then {@code event} is null).
 */
public record SseEvent(@Nullable String event, String data) {}
