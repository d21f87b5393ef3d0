/** Kong's {@code ai-prompt-decorator}: chat messages added before and after the client's. */
@NullMarked
package io.gatehouse.plugins.aipromptdecorator;

import org.jspecify.annotations.NullMarked;
