/** Kong's {@code ai-response-transformer}: the upstream's answer rewritten by a model before the client gets it. */
@NullMarked
package io.gatehouse.plugins.airesponsetransformer;

import org.jspecify.annotations.NullMarked;
