/**
 * What the plugins that answer from a function call share (aws-lambda, azure-functions,
 * openwhisk): JDK HTTP clients made once per TLS and proxy setting, and answering with the
 * function's headers, list-valued ones as one header line per value.
 */
@NullMarked
package io.gatehouse.plugins.functioncall;

import org.jspecify.annotations.NullMarked;
