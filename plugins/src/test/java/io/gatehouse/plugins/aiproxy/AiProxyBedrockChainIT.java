package io.gatehouse.plugins.aiproxy;

import static org.assertj.core.api.Assertions.assertThat;

import com.openai.models.chat.completions.ChatCompletion;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import io.gatehouse.plugins.llm.testing.AiGateway;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * ai-proxy's bedrock without keys in the config takes its credentials from the AWS SDK's default
 * chain, the one aws-lambda uses ({@code AwsDefaultCredentials}); here its first link, the
 * {@code aws.*} system properties (as AwsLambdaIT), and the test provider checks the SigV4
 * signature with them. Client: the official OpenAI Java client.
 */
class AiProxyBedrockChainIT {
  private static final String SECRET = "bedrock-chain-secret";
  private static final Map<String, String> SAVED = new LinkedHashMap<>();
  private static AiGateway ai;

  @BeforeAll
  static void start() {
    for (String p : new String[] {"aws.accessKeyId", "aws.secretAccessKey", "aws.sessionToken"}) SAVED.put(p, System.getProperty(p));
    System.setProperty("aws.accessKeyId", "AKIDBEDROCKTEST");
    System.setProperty("aws.secretAccessKey", SECRET);
    System.clearProperty("aws.sessionToken"); // the test provider verifies key-and-secret signatures
    ai = new AiGateway("unused-key", SECRET);
    ai.route("/bedrock-chain", "{\"route_type\":\"llm/v1/chat\",\"model\":{\"provider\":\"bedrock\","
        + "\"name\":\"anthropic.claude-3-haiku\",\"options\":{\"bedrock\":{\"aws_region\":\"us-west-2\"},\"upstream_url\":\""
        + ai.url("/model/anthropic.claude-3-haiku/converse") + "\"}}}");
    ai.apply();
  }

  @AfterAll
  static void stop() {
    ai.close();
    SAVED.forEach((p, v) -> {
      if (v == null) System.clearProperty(p);
      else System.setProperty(p, v);
    });
  }

  @Test
  void bedrock_is_signed_with_the_default_chain_credentials() {
    ChatCompletion c = ai.client("/bedrock-chain").chat().completions().create(ChatCompletionCreateParams.builder()
        .model("anthropic.claude-3-haiku").addUserMessage("Hi chain").build());
    assertThat(c.choices().getFirst().message().content()).hasValue("You said: Hi chain"); // the signature checked out
    assertThat(ai.provider().last().header("Authorization"))
        .startsWith("AWS4-HMAC-SHA256 Credential=AKIDBEDROCKTEST/").contains("/us-west-2/bedrock/aws4_request");
  }
}
