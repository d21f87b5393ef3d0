/**
 * What Kong's {@code kong/llm} gives its AI plugins: the shared model/auth/logging config, one
 * {@link io.gatehouse.plugins.llm.Driver} per provider translating to and from the OpenAI format
 * (whole bodies and SSE streams event by event), the request body the ai plugins of one request
 * share, and the analytics written under the log entry's {@code ai} field.
 */
@NullMarked
package io.gatehouse.plugins.llm;

import org.jspecify.annotations.NullMarked;
