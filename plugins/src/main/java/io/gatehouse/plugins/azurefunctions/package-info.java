/** Kong 3.9's azure-functions plugin: calls an Azure Function over HTTP and answers with its response. */
@NullMarked
package io.gatehouse.plugins.azurefunctions;

import org.jspecify.annotations.NullMarked;
