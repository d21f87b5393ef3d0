package io.gatehouse.plugins.aiproxy;

import org.jspecify.annotations.Nullable;
import software.amazon.awssdk.identity.spi.AwsCredentialsIdentity;

/**
 * Credentials ai-proxy fetched before planning a provider request, off the event loop: a GCP
 * service account's access token, or the AWS SDK default chain's credentials for Bedrock.
 */
record ResolvedCredentials(@Nullable String bearer, @Nullable AwsCredentialsIdentity aws) {
  static final ResolvedCredentials NONE = new ResolvedCredentials(null, null);
}
