/** Kong's {@code standard-webhooks} plugin (3.9): verifies Standard Webhooks signatures. */
@NullMarked
package io.gatehouse.plugins.standardwebhooks;

import org.jspecify.annotations.NullMarked;
