/** Kong's {@code ai-prompt-template}: requests naming a template are rendered into the prompt sent on. */
@NullMarked
package io.gatehouse.plugins.aiprompttemplate;

import org.jspecify.annotations.NullMarked;
