/**
 * Kong 3.9's aws-lambda plugin: invokes a Lambda function (SigV4 by the AWS SDK's signer) and
 * answers with its result. Start at {@link io.gatehouse.plugins.awslambda.AwsLambdaPlugin}.
 */
@NullMarked
package io.gatehouse.plugins.awslambda;

import org.jspecify.annotations.NullMarked;
