package io.gatehouse.proxy.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

/** Kong 3.9's gRPC answers (kong/pdk/response.lua): the status table, error versus exit. */
class GrpcRepliesTest {

  @ParameterizedTest
  @CsvSource({"200,0", "400,3", "401,16", "403,7", "404,5", "409,6", "429,8", "499,1", "500,13", "501,12", "503,14",
      "504,4", "502,13", "418,3", "204,0", "302,2", "100,2"})
  void httpStatusesMapAsKongsTable(int http, int grpc) {
    assertThat(GrpcReplies.grpcStatus(http)).isEqualTo(grpc);
  }

  @Test
  void errorSendsGrpcContentTypeAndTheCodesName() {
    LocalReply.Reply r = GrpcReplies.error(401, Map.of("WWW-Authenticate", "Key"));
    assertThat(r.status()).isEqualTo(401);
    assertThat(r.body()).isEmpty();
    assertThat(r.headers()).containsEntry("Content-Type", "application/grpc").containsEntry("grpc-status", "16")
        .containsEntry("grpc-message", "Unauthenticated").containsEntry("WWW-Authenticate", "Key");
  }

  @Test
  void exitSendsItsMessageWithoutContentType() {
    LocalReply.Reply r = GrpcReplies.exit(503, "maintenance", Map.of());
    assertThat(r.headers()).doesNotContainKey("Content-Type").containsEntry("grpc-status", "14")
        .containsEntry("grpc-message", "maintenance");
    assertThat(r.body()).isEmpty();
  }

  @Test
  void aGrpcStatusSetByThePluginIsKept() {
    LocalReply.Reply r = GrpcReplies.exit(200, null, Map.of("grpc-status", "1", "Content-Type", "application/grpc"));
    assertThat(r.headers()).containsEntry("grpc-status", "1").doesNotContainKey("grpc-message");
  }

  @Test
  void aNonGrpcContentTypeIsAnsweredAsForAnyRequest() {
    assertThat(GrpcReplies.exit(403, "no", Map.of("Content-Type", "text/plain"))).isNull();
    assertThat(GrpcReplies.error(403, Map.of("content-type", "application/json"))).isNull();
  }

  @Test
  void exitMessagesAreTheTextOrTheTablesMessage() {
    assertThat(GrpcReplies.exitMessage("application/json; charset=utf-8",
        "{\"message\":\"hi\"}".getBytes(StandardCharsets.UTF_8))).isEqualTo("hi");
    assertThat(GrpcReplies.exitMessage("application/json; charset=utf-8",
        "{\"other\":1}".getBytes(StandardCharsets.UTF_8))).isNull();
    assertThat(GrpcReplies.exitMessage(null, "plain".getBytes(StandardCharsets.UTF_8))).isEqualTo("plain");
    assertThat(GrpcReplies.exitMessage(null, new byte[0])).isNull();
  }
}
