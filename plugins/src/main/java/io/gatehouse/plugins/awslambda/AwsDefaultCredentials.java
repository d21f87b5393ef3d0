package io.gatehouse.plugins.awslambda;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.identity.spi.AwsCredentialsIdentity;

/**
 * The AWS SDK's default credential chain (system properties, {@code AWS_*} environment, web
 * identity, profile files, container and EC2 instance metadata), one for the node: aws-lambda and
 * ai-proxy's bedrock both take their credentials here when the config names no keys. The SDK keeps
 * and refreshes what it fetched (instance-role sessions); a lookup may still block on I/O, so it
 * runs on a virtual thread, never on the event loop.
 */
public final class AwsDefaultCredentials {
  private static final ExecutorService OFF_LOOP = Executors.newVirtualThreadPerTaskExecutor();

  private AwsDefaultCredentials() {}

  /** Built on first use: the chain reads profile files when it is made. */
  private static final class Chain {
    static final AwsCredentialsProvider PROVIDER = DefaultCredentialsProvider.builder().build();
  }

  static AwsCredentialsProvider provider() {
    return Chain.PROVIDER;
  }

  /** The chain's current credentials, off the event loop; fails when no link has any. */
  public static CompletableFuture<AwsCredentialsIdentity> resolve() {
    return CompletableFuture.supplyAsync(() -> Chain.PROVIDER.resolveCredentials(), OFF_LOOP);
  }
}
