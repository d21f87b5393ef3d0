package io.gatehouse.plugins.llm.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.time.Clock;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import software.amazon.awssdk.http.ContentStreamProvider;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4HttpSigner;
import software.amazon.awssdk.http.auth.spi.signer.HttpSigner;
import software.amazon.awssdk.identity.spi.AwsCredentialsIdentity;

/**
 * Bedrock's Converse API ({@code POST /model/<id>/converse}, docs.aws.amazon.com Bedrock API
 * reference): every request's SigV4 signature (service {@code bedrock}) is recomputed with the AWS
 * SDK's signer from what arrived, and a mismatch answers 403 as AWS does.
 */
final class BedrockWire {
  static final String REGION = "us-west-2";
  private static final Pattern AUTH = Pattern.compile(
      "AWS4-HMAC-SHA256 Credential=([^/]+)/(\\d{8})/([^/]+)/([^/]+)/aws4_request, SignedHeaders=([^,]+), Signature=([0-9a-f]{64})");
  private static final DateTimeFormatter AMZ_DATE = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'");

  private BedrockWire() {}

  static void converse(HttpExchange x, byte[] raw, JsonNode body, String keyId, String secret) throws IOException {
    String problem = verify(x, raw, keyId, secret);
    if (problem != null) {
      x.getResponseHeaders().set("x-amzn-ErrorType", "InvalidSignatureException");
      ProviderServer.send(x, 403, ProviderServer.object().put("message", problem));
      return;
    }
    String question = "";
    int input = 0;
    for (JsonNode s : body.path("system")) input += ProviderServer.tokens(s.path("text").asText());
    for (JsonNode m : body.path("messages")) {
      String text = m.path("content").path(0).path("text").asText("");
      input += ProviderServer.tokens(text);
      if ("user".equals(m.path("role").asText())) question = text;
    }
    String answer = "You said: " + question;
    ObjectNode r = ProviderServer.object();
    ObjectNode message = r.putObject("output").putObject("message").put("role", "assistant");
    message.putArray("content").addObject().put("text", answer);
    r.put("stopReason", "end_turn");
    int output = ProviderServer.tokens(answer);
    r.putObject("usage").put("inputTokens", input).put("outputTokens", output).put("totalTokens", input + output);
    r.putObject("metrics").put("latencyMs", 12);
    ProviderServer.send(x, 200, r);
  }

  /** The same answer as {@code converse-stream} events in AWS event-stream framing, a word per delta. */
  static void converseStream(ProviderServer s, HttpExchange x, byte[] raw, JsonNode body, String keyId, String secret)
      throws IOException {
    String problem = verify(x, raw, keyId, secret);
    if (problem != null) {
      ProviderServer.send(x, 403, ProviderServer.object().put("message", problem));
      return;
    }
    String question = "";
    for (JsonNode m : body.path("messages")) {
      if ("user".equals(m.path("role").asText())) question = m.path("content").path(0).path("text").asText("");
    }
    String[] words = ("You said: " + question).split(" ");
    x.getResponseHeaders().set("Content-Type", "application/vnd.amazon.eventstream");
    x.sendResponseHeaders(200, 0);
    java.io.OutputStream out = x.getResponseBody();
    out.write(frame("messageStart", "{\"role\":\"assistant\"}"));
    out.flush();
    s.gate();
    for (int i = 0; i < words.length; i++) {
      out.write(frame("contentBlockDelta", "{\"contentBlockIndex\":0,\"delta\":{\"text\":\"" + (i == 0 ? "" : " ")
          + words[i] + "\"}}"));
      out.flush();
    }
    out.write(frame("contentBlockStop", "{\"contentBlockIndex\":0}"));
    out.write(frame("messageStop", "{\"stopReason\":\"end_turn\"}"));
    out.write(frame("metadata", "{\"usage\":{\"inputTokens\":7,\"outputTokens\":" + words.length + ",\"totalTokens\":"
        + (7 + words.length) + "},\"metrics\":{\"latencyMs\":20}}"));
  }

  /** One event-stream message: prelude, the three string headers Bedrock sends, payload, CRCs. */
  static byte[] frame(String eventType, String json) {
    java.io.ByteArrayOutputStream headers = new java.io.ByteArrayOutputStream();
    for (String[] h : new String[][] {{":event-type", eventType}, {":content-type", "application/json"},
        {":message-type", "event"}}) {
      byte[] name = h[0].getBytes(java.nio.charset.StandardCharsets.UTF_8);
      byte[] value = h[1].getBytes(java.nio.charset.StandardCharsets.UTF_8);
      headers.write(name.length);
      headers.writeBytes(name);
      headers.write(7);
      headers.write(value.length >> 8);
      headers.write(value.length & 0xff);
      headers.writeBytes(value);
    }
    byte[] payload = json.getBytes(java.nio.charset.StandardCharsets.UTF_8);
    int total = 12 + headers.size() + payload.length + 4;
    java.nio.ByteBuffer b = java.nio.ByteBuffer.allocate(total);
    b.putInt(total).putInt(headers.size());
    b.putInt(crc(b.array(), 0, 8));
    b.put(headers.toByteArray()).put(payload);
    b.putInt(crc(b.array(), 0, total - 4));
    return b.array();
  }

  private static int crc(byte[] bytes, int from, int length) {
    java.util.zip.CRC32 c = new java.util.zip.CRC32();
    c.update(bytes, from, length);
    return (int) c.getValue();
  }

  private static String verify(HttpExchange x, byte[] body, String keyId, String secret) {
    String authorization = x.getRequestHeaders().getFirst("Authorization");
    String amzDate = x.getRequestHeaders().getFirst("X-Amz-Date");
    if (authorization == null || amzDate == null) return "Missing Authentication Token";
    Matcher m = AUTH.matcher(authorization);
    if (!m.matches()) return "malformed Authorization header";
    if (!m.group(1).equals(keyId)) return "The security token included in the request is invalid.";
    if (!m.group(3).equals(REGION) || !m.group(4).equals("bedrock")) return "wrong credential scope";
    String host = x.getRequestHeaders().getFirst("Host");
    int colon = host.lastIndexOf(':');
    SdkHttpRequest.Builder request = SdkHttpRequest.builder().method(SdkHttpMethod.fromValue(x.getRequestMethod()))
        .protocol("http").host(colon < 0 ? host : host.substring(0, colon))
        .port(colon < 0 ? 80 : Integer.parseInt(host.substring(colon + 1))).encodedPath(x.getRequestURI().getRawPath());
    for (String signed : m.group(5).split(";")) {
      if (signed.equals("host")) continue; // the signer adds it
      List<String> values = x.getRequestHeaders().get(signed);
      if (values == null) return "signed header " + signed + " is missing";
      request.putHeader(signed, new ArrayList<>(values));
    }
    Clock at = Clock.fixed(LocalDateTime.parse(amzDate, AMZ_DATE).toInstant(ZoneOffset.UTC), ZoneOffset.UTC);
    SdkHttpRequest expected = AwsV4HttpSigner.create().sign(r -> r.identity(AwsCredentialsIdentity.create(keyId, secret))
        .request(request.build()).payload(ContentStreamProvider.fromByteArrayUnsafe(body))
        .putProperty(AwsV4HttpSigner.SERVICE_SIGNING_NAME, "bedrock")
        .putProperty(AwsV4HttpSigner.REGION_NAME, REGION)
        .putProperty(HttpSigner.SIGNING_CLOCK, at)).request();
    return expected.firstMatchingHeader("Authorization").orElseThrow().equals(authorization) ? null
        : "The request signature we calculated does not match the signature you provided.";
  }
}
