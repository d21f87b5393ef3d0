/** Kong Enterprise's workspaces: the {@code /workspaces} endpoints. */
@NullMarked
package io.gatehouse.admin.workspaces;

import org.jspecify.annotations.NullMarked;
