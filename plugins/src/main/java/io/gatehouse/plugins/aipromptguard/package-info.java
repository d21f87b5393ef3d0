/** Kong's {@code ai-prompt-guard}: prompts checked against allow and deny regexes (RE2/J). */
@NullMarked
package io.gatehouse.plugins.aipromptguard;

import org.jspecify.annotations.NullMarked;
