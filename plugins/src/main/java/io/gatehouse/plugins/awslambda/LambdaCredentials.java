package io.gatehouse.plugins.awslambda;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilderFactory;
import org.jspecify.annotations.Nullable;
import org.w3c.dom.Document;
import io.gatehouse.plugins.functioncall.FunctionHttp;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.ContentStreamProvider;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4HttpSigner;
import software.amazon.awssdk.identity.spi.AwsCredentialsIdentity;
import software.amazon.awssdk.utils.http.SdkHttpUtils;

/**
 * Where an instance's AWS credentials come from, in Kong's order: {@code aws_key}/{@code aws_secret};
 * else the AWS SDK's default chain (system properties, {@code AWS_*} environment, web identity,
 * profile files, container and EC2 instance metadata); then, with {@code aws_assume_role_arn}, STS
 * {@code AssumeRole} signed with those (through {@code proxy_url}, without certificate checks, as Kong). Shared by instances with equal settings, like Kong's cache
 * of Lambda service objects, so an assumed role's session is reused until shortly before it expires.
 */
abstract class LambdaCredentials {
  private static final Cache<String, LambdaCredentials> SHARED = Caffeine.newBuilder().maximumSize(1000).build();
  private static final Duration REFRESH_BEFORE_EXPIRY = Duration.ofMinutes(5);

  /** Resolves the identity; may block (metadata, STS), so it runs on {@code offLoop}. */
  abstract CompletableFuture<AwsCredentialsIdentity> resolve(Executor offLoop);

  static LambdaCredentials of(AwsLambdaConfig c, @Nullable String region) {
    String key = String.join("\n", String.valueOf(c.awsKey()), String.valueOf(c.awsSecret()),
        String.valueOf(c.awsAssumeRoleArn()), String.valueOf(c.awsRoleSessionName()),
        String.valueOf(c.awsStsEndpointUrl()), String.valueOf(region), String.valueOf(c.timeout()));
    return SHARED.get(key, k -> {
      AwsCredentialsProvider base = c.awsKey() != null && c.awsSecret() != null
          ? StaticCredentialsProvider.create(AwsBasicCredentials.create(c.awsKey(), c.awsSecret()))
          : AwsDefaultCredentials.provider();
      LambdaCredentials plain = new FromProvider(base);
      return c.awsAssumeRoleArn() == null ? plain : new AssumedRole(plain, c, region);
    });
  }

  private static final class FromProvider extends LambdaCredentials {
    private final AwsCredentialsProvider provider;

    FromProvider(AwsCredentialsProvider provider) {
      this.provider = provider;
    }

    @Override
    CompletableFuture<AwsCredentialsIdentity> resolve(Executor offLoop) {
      return CompletableFuture.supplyAsync(provider::resolveCredentials, offLoop);
    }
  }

  /** STS {@code AssumeRole} (query API, version 2011-06-15), its session kept until near expiry. */
  private static final class AssumedRole extends LambdaCredentials {
    private final LambdaCredentials base;
    private final AwsLambdaConfig config;
    private final @Nullable String region;
    private volatile @Nullable Session session;

    record Session(AwsCredentialsIdentity identity, Instant expires) {}

    AssumedRole(LambdaCredentials base, AwsLambdaConfig config, @Nullable String region) {
      this.base = base;
      this.config = config;
      this.region = region;
    }

    @Override
    CompletableFuture<AwsCredentialsIdentity> resolve(Executor offLoop) {
      Session s = session;
      if (s != null && Instant.now().isBefore(s.expires().minus(REFRESH_BEFORE_EXPIRY))) {
        return CompletableFuture.completedFuture(s.identity());
      }
      if (region == null) return CompletableFuture.failedFuture(new IllegalStateException("no region specified"));
      return base.resolve(offLoop).thenApplyAsync(this::request, offLoop)
          .thenCompose(r -> FunctionHttp.client(false, config.proxyUrl()).sendAsync(r, HttpResponse.BodyHandlers.ofByteArray()))
          .orTimeout(Math.max(1, (long) config.timeout()), TimeUnit.MILLISECONDS)
          .thenApply(r -> {
            if (r.statusCode() != 200) {
              throw new IllegalStateException("unable to assume role " + config.awsAssumeRoleArn() + ": STS answered "
                  + r.statusCode() + " " + new String(r.body(), StandardCharsets.UTF_8));
            }
            Session fresh = parse(r.body());
            session = fresh;
            return fresh.identity();
          });
    }

    private HttpRequest request(AwsCredentialsIdentity identity) {
      URI endpoint = URI.create(config.awsStsEndpointUrl() != null ? config.awsStsEndpointUrl()
          : "https://sts." + region + ".amazonaws.com/");
      byte[] form = ("Action=AssumeRole&Version=2011-06-15&RoleArn=" + SdkHttpUtils.urlEncode(config.awsAssumeRoleArn())
          + "&RoleSessionName=" + SdkHttpUtils.urlEncode(String.valueOf(config.awsRoleSessionName())))
          .getBytes(StandardCharsets.UTF_8);
      String path = endpoint.getRawPath() == null || endpoint.getRawPath().isEmpty() ? "/" : endpoint.getRawPath();
      SdkHttpRequest unsigned = SdkHttpRequest.builder().method(SdkHttpMethod.POST)
          .protocol(endpoint.getScheme()).host(endpoint.getHost())
          .port(endpoint.getPort() < 0 ? null : endpoint.getPort())
          .encodedPath(path)
          .putHeader("Content-Type", "application/x-www-form-urlencoded; charset=utf-8")
          .build();
      SdkHttpRequest signed = AwsV4HttpSigner.create().sign(r -> r.identity(identity).request(unsigned)
          .payload(ContentStreamProvider.fromByteArrayUnsafe(form))
          .putProperty(AwsV4HttpSigner.SERVICE_SIGNING_NAME, "sts")
          .putProperty(AwsV4HttpSigner.REGION_NAME, region)).request();
      HttpRequest.Builder out = HttpRequest.newBuilder(signed.getUri())
          .timeout(Duration.ofMillis(Math.max(1, (long) config.timeout())))
          .POST(HttpRequest.BodyPublishers.ofByteArray(form));
      signed.forEachHeader((name, values) -> {
        if (!name.equalsIgnoreCase("Host") && !name.equalsIgnoreCase("Content-Length")) values.forEach(v -> out.header(name, v));
      });
      return out.build();
    }

    private static Session parse(byte[] xml) {
      try {
        DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
        f.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
        f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
        f.setNamespaceAware(false);
        Document doc = f.newDocumentBuilder().parse(new ByteArrayInputStream(xml));
        String key = text(doc, "AccessKeyId");
        String secret = text(doc, "SecretAccessKey");
        String token = text(doc, "SessionToken");
        Instant expires = Instant.parse(text(doc, "Expiration"));
        return new Session(AwsSessionCredentials.create(key, secret, token), expires);
      } catch (Exception e) {
        throw new IllegalStateException("unable to read the STS AssumeRole response: " + e.getMessage(), e);
      }
    }

    private static String text(Document doc, String tag) {
      var nodes = doc.getElementsByTagName(tag);
      if (nodes.getLength() == 0) throw new IllegalStateException("no " + tag + " in the STS response");
      return nodes.item(0).getTextContent().trim();
    }
  }
}
