package io.gatehouse.plugins.awslambda;

import io.gatehouse.plugins.httplog.HttpLogPlugin;
import io.gatehouse.sdk.Between;
import io.gatehouse.sdk.Check;
import io.gatehouse.sdk.Default;
import io.gatehouse.sdk.Host;
import io.gatehouse.sdk.OneOf;
import io.gatehouse.sdk.Referenceable;
import org.jspecify.annotations.Nullable;

/**
 * Kong 3.9's aws-lambda config: every field, name, default and check of its {@code schema.lua};
 * beyond 3.9, Kong 3.12's {@code awsgateway_compatible_payload_version} ({@code 1.0}, the 3.9 event,
 * or {@code 2.0}, the HTTP API event).
 */
public record AwsLambdaConfig(
    @Default("60000") double timeout,
    @Default("60000") double keepalive,
    @Nullable @Referenceable String awsKey,
    @Nullable @Referenceable String awsSecret,
    @Nullable @Referenceable String awsAssumeRoleArn,
    @Nullable @Default("kong") String awsRoleSessionName,
    @Nullable @Check(HttpLogPlugin.Url.class) String awsStsEndpointUrl,
    @Nullable @Host String awsRegion,
    @Nullable String functionName,
    @Nullable String qualifier,
    @Default("RequestResponse") @OneOf({"RequestResponse", "Event", "DryRun"}) String invocationType,
    @Default("Tail") @OneOf({"Tail", "None"}) String logType,
    @Nullable @Host String host,
    @Nullable @Default("443") @Between(min = 0, max = 65535) Integer port,
    @Nullable @Default("false") Boolean disableHttps,
    @Nullable @Between(min = 100, max = 999) Integer unhandledStatus,
    @Nullable @Default("false") Boolean forwardRequestMethod,
    @Nullable @Default("false") Boolean forwardRequestUri,
    @Nullable @Default("false") Boolean forwardRequestHeaders,
    @Nullable @Default("false") Boolean forwardRequestBody,
    @Nullable @Default("false") Boolean isProxyIntegration,
    @Nullable @Default("false") Boolean awsgatewayCompatible,
    @Nullable @Default("1.0") @OneOf({"1.0", "2.0"}) String awsgatewayCompatiblePayloadVersion,
    @Nullable @Check(HttpLogPlugin.Url.class) String proxyUrl,
    @Nullable @Default("true") Boolean skipLargeBodies,
    @Nullable @Default("true") Boolean base64EncodeBody,
    @Default("v1") @OneOf({"v1", "v2"}) String awsImdsProtocolVersion,
    @Default("legacy") @OneOf({"legacy", "correct"}) String emptyArraysMode) {

  static boolean on(@Nullable Boolean flag) {
    return Boolean.TRUE.equals(flag);
  }
}
