/**
 * Kong's {@code ai-proxy} plugin: one OpenAI-format API in front of a model provider. Access
 * translates the request and points it at the provider; the body filter translates the answer back,
 * streamed answers event by event; the log phase writes token usage, latency and cost under
 * {@code ai.proxy}.
 */
@NullMarked
package io.gatehouse.plugins.aiproxy;

import org.jspecify.annotations.NullMarked;
