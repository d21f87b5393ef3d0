/** Kong's {@code ai-request-transformer}: the request body rewritten by a model before it is proxied. */
@NullMarked
package io.gatehouse.plugins.airequesttransformer;

import org.jspecify.annotations.NullMarked;
