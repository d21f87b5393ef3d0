/**
 * Request bodies the way Kong's {@code kong.request.get_body} sees them: {@link
 * io.gatehouse.sdk.BodyType} picks the format from {@code Content-Type}, {@link
 * io.gatehouse.plugin.body.FormBody} and {@link io.gatehouse.plugin.body.MultipartBody} parse and
 * re-encode form bodies (JSON bodies are plain Jackson trees).
 */
@NullMarked
package io.gatehouse.plugin.body;

import org.jspecify.annotations.NullMarked;
