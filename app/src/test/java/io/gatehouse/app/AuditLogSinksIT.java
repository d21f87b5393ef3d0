package io.gatehouse.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpServer;
import io.gatehouse.admin.testing.AdminClient;
import io.gatehouse.proxy.ProxyServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The audit log exported through the logging plugins: instances tagged {@code audit-log} receive
 * one record per Admin API write (signed with {@code audit_log_signing_key}, filtered by
 * {@code audit_log_ignore_methods}/{@code _paths}) and nothing of the proxy's traffic, while an
 * untagged instance keeps logging requests (and a non-logging plugin ignores the tag); a receiver
 * that never answers does not hold writes up.
 */
class AuditLogSinksIT {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Duration PATIENCE = Duration.ofSeconds(30);

  @TempDir Path dir;

  @Test
  void http_log_and_file_log_instances_tagged_audit_log_receive_signed_records_of_writes_only() throws Exception {
    KeyPair keys = KeyPairGenerator.getInstance("RSA").generateKeyPair();
    Path keyFile = AuditSignatures.writePrivateKey(dir.resolve("audit-signing.pem"), keys);
    List<String> received = new CopyOnWriteArrayList<>();
    HttpServer receiver = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    receiver.createContext("/audit", exchange -> {
      received.add(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
      exchange.sendResponseHeaders(200, -1);
      exchange.close();
    });
    receiver.start();
    Path auditFile = dir.resolve("audit.log");
    Path proxyFile = dir.resolve("proxy.log");
    try (WholeNode node = new WholeNode(dir.resolve("node"), Map.of(
        "audit_log", "on",
        "audit_log_signing_key", keyFile.toString(),
        "audit_log_ignore_methods", "PATCH",
        "audit_log_ignore_paths", "^/consumers"))) {
      node.serviceAndRoute("echo", "/echo");
      // the tag means nothing to a plugin that is not a log sink: this one keeps answering for its route
      String blocked = node.serviceAndRoute("blocked", "/blocked");
      node.create("/routes/" + blocked + "/plugins", "{\"name\":\"request-termination\",\"tags\":[\"audit-log\"],"
          + "\"config\":{\"status_code\":403,\"message\":\"closed\"}}");
      node.create("/plugins", "{\"name\":\"http-log\",\"tags\":[\"audit-log\"],\"config\":{\"http_endpoint\":\"http://127.0.0.1:"
          + receiver.getAddress().getPort() + "/audit\"}}");
      // one instance of a plugin per scope: the audit file-log sits on a placeholder consumer (its scope is ignored)
      // so that a global file-log can log the proxy's traffic
      node.create("/plugins", "{\"name\":\"file-log\",\"config\":{\"path\":\"" + proxyFile + "\"}}");
      node.create("/consumers", "{\"username\":\"audit-sink\"}");
      node.create("/consumers/audit-sink/plugins", "{\"name\":\"file-log\",\"tags\":[\"audit-log\"],\"config\":{\"path\":\""
          + auditFile + "\"}}");
      ProxyServer proxy = node.node.component(ProxyServer.class).orElseThrow();
      Awaitility.await().atMost(PATIENCE).until(() -> proxy.auditSinks().size() == 2);

      // proxy traffic: the untagged file-log writes it, the tagged instances never see it
      node.awaitStatus(200, "/echo");
      assertThat(node.awaitStatus(403, "/blocked").body()).contains("closed");
      Awaitility.await().atMost(PATIENCE).until(() -> Files.exists(proxyFile) && Files.readString(proxyFile).contains("\"/echo\""));

      String created = requestId(node.create("/services", "{\"name\":\"audited\",\"host\":\"a.test\"}"));
      AdminClient.Resp patched = node.admin.json("PATCH", "/services/audited", "{\"retries\":3}");
      assertThat(patched.status()).isEqualTo(200);
      assertThat(patched.headers().firstValue("X-Kong-Admin-Request-ID")).isEmpty(); // ignored: not recorded
      assertThat(node.create("/consumers", "{\"username\":\"ignored\"}").headers().firstValue("X-Kong-Admin-Request-ID")).isEmpty();
      AdminClient.Resp deleted = node.admin.delete("/services/audited");
      assertThat(deleted.status()).isEqualTo(204);
      String removed = requestId(deleted);

      Awaitility.await().atMost(PATIENCE).until(() -> ids(records(received)).containsAll(List.of(created, removed)));
      Awaitility.await().atMost(PATIENCE).until(() -> Files.exists(auditFile)
          && ids(lines(auditFile)).containsAll(List.of(created, removed)));

      for (List<JsonNode> sink : List.of(records(received), lines(auditFile))) {
        // nothing but Admin writes (the setup's last write may arrive, as the http-log sink went live before it)
        assertThat(sink).allSatisfy(r -> {
          assertThat(r.has("request")).as("a proxy log entry: %s", r).isFalse();
          assertThat(r.path("method").asText()).isIn("POST", "DELETE");
          assertThat(r.path("path").asText()).doesNotStartWith("/consumers");
        });
        // one record per write made once both sinks were live, none for the ignored ones
        assertThat(ids(sink.stream().filter(r -> !r.path("path").asText().equals("/plugins")).toList()))
            .containsExactly(created, removed);
        JsonNode first = sink.stream().filter(r -> r.path("request_id").asText().equals(created)).findFirst().orElseThrow();
        assertThat(first.path("method").asText()).isEqualTo("POST");
        assertThat(first.path("path").asText()).isEqualTo("/services");
        assertThat(first.path("status").asInt()).isEqualTo(201);
        assertThat(first.path("client_ip").asText()).isEqualTo("127.0.0.1");
        assertThat(first.path("after_digest").asText()).hasSize(64);
        for (JsonNode r : sink) {
          assertThat(AuditSignatures.verifies(keys.getPublic(), r)).as("signature of %s", r).isTrue();
        }
        ObjectNode tampered = ((ObjectNode) first.deepCopy()).put("status", 200);
        assertThat(AuditSignatures.verifies(keys.getPublic(), tampered)).isFalse();
      }
      // the stored log leaves out the same writes
      JsonNode stored = node.admin.get("/audit/requests").json().path("data");
      assertThat(stored.findValuesAsText("method")).doesNotContain("PATCH");
      assertThat(stored.findValuesAsText("path")).noneMatch(p -> p.startsWith("/consumers"));
      // and the proxy's own file-log got no audit record
      assertThat(Files.readString(proxyFile)).doesNotContain(created);

      // /audit/requests lists the very signature the sinks received (stored with the record)
      for (JsonNode r : stored) {
        assertThat(AuditSignatures.verifies(keys.getPublic(), r)).as("stored signature of %s", r).isTrue();
      }
      JsonNode storedCreated = null;
      for (JsonNode r : stored) {
        storedCreated = r.path("request_id").asText().equals(created) ? r : storedCreated;
      }
      assertThat(storedCreated).isNotNull();
      JsonNode sentCreated = records(received).stream().filter(r -> r.path("request_id").asText().equals(created))
          .findFirst().orElseThrow();
      assertThat(storedCreated.path("signature").asText()).isNotEmpty().isEqualTo(sentCreated.path("signature").asText());

      // a sink of another workspace gets only that workspace's records; the default workspace's get all
      Path teamFile = dir.resolve("team-audit.log");
      node.create("/workspaces", "{\"name\":\"team-s\"}");
      node.create("/team-s/consumers", "{\"username\":\"audit-sink\"}");
      node.create("/team-s/consumers/audit-sink/plugins", "{\"name\":\"file-log\",\"tags\":[\"audit-log\"],"
          + "\"config\":{\"path\":\"" + teamFile + "\"}}");
      Awaitility.await().atMost(PATIENCE).until(() -> proxy.auditSinks().size() == 3);
      String teamWrite = requestId(node.create("/team-s/services", "{\"name\":\"team-audited\",\"host\":\"t.test\"}"));
      String defaultWrite = requestId(node.create("/services", "{\"name\":\"default-audited\",\"host\":\"d.test\"}"));
      Awaitility.await().atMost(PATIENCE).until(() -> ids(lines(auditFile)).containsAll(List.of(teamWrite, defaultWrite)));
      Awaitility.await().atMost(PATIENCE).until(() -> Files.exists(teamFile) && ids(lines(teamFile)).contains(teamWrite));
      assertThat(ids(lines(teamFile))).contains(teamWrite).doesNotContain(defaultWrite);
      String teamId = node.admin.get("/workspaces/team-s").json().path("id").asText();
      assertThat(lines(teamFile)).allSatisfy(r -> assertThat(r.path("workspace").asText()).isEqualTo(teamId));
    } finally {
      receiver.stop(0);
    }
  }

  @Test
  void writes_are_answered_while_the_audit_receiver_never_answers() throws Exception {
    try (ServerSocket silent = new ServerSocket(0, 50, java.net.InetAddress.getLoopbackAddress());
        WholeNode node = new WholeNode(dir.resolve("node"), Map.of("audit_log", "on"))) {
      List<Socket> held = new CopyOnWriteArrayList<>(); // accepted and never answered
      Thread acceptor = Thread.ofVirtual().start(() -> {
        try {
          while (true) held.add(silent.accept());
        } catch (IOException closed) {
          // the test is over
        }
      });
      // a minute's timeout: a write waiting on the sink would take at least that long
      node.create("/plugins", "{\"name\":\"http-log\",\"tags\":[\"audit-log\"],\"config\":{\"http_endpoint\":\"http://127.0.0.1:"
          + silent.getLocalPort() + "/audit\",\"timeout\":60000}}");
      ProxyServer proxy = node.node.component(ProxyServer.class).orElseThrow();
      Awaitility.await().atMost(PATIENCE).until(() -> proxy.auditSinks().size() == 1);

      long start = System.nanoTime();
      List<String> ids = new ArrayList<>();
      for (int i = 0; i < 10; i++) {
        ids.add(requestId(node.create("/services", "{\"name\":\"s" + i + "\",\"host\":\"s.test\"}")));
      }
      assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(50));
      Awaitility.await().atMost(PATIENCE).until(() -> !held.isEmpty()); // the sink did try to deliver
      assertThat(node.admin.get("/audit/requests?size=1000").json().path("data").findValuesAsText("request_id"))
          .containsAll(ids);
      silent.close();
      held.forEach(s -> {
        try {
          s.close();
        } catch (IOException ignored) {
          // closing anyway
        }
      });
      acceptor.join(5000);
    }
  }

  @Test
  void a_signing_key_that_is_not_rsa_or_a_pattern_that_does_not_compile_stops_the_start() throws Exception {
    KeyPair ec = KeyPairGenerator.getInstance("EC").generateKeyPair();
    Path keyFile = dir.resolve("ec.pem");
    Files.writeString(keyFile, "-----BEGIN PRIVATE KEY-----\n" + Base64.getMimeEncoder().encodeToString(ec.getPrivate().getEncoded())
        + "\n-----END PRIVATE KEY-----\n");
    assertThatThrownBy(() -> new WholeNode(dir.resolve("ec"), Map.of("audit_log", "on", "audit_log_signing_key", keyFile.toString())).close())
        .hasStackTraceContaining("audit_log_signing_key: expected an RSA private key");
    assertThatThrownBy(() -> new WholeNode(dir.resolve("re"), Map.of("audit_log", "on", "audit_log_ignore_paths", "/services/(")).close())
        .hasStackTraceContaining("audit_log_ignore_paths: '/services/(' is not a valid pattern");
  }

  private static String requestId(AdminClient.Resp r) {
    return r.headers().firstValue("X-Kong-Admin-Request-ID").orElseThrow(() -> new AssertionError("no request id: " + r));
  }

  /** What the http receiver got: one JSON object per request, or an array of them when batched. */
  private static List<JsonNode> records(List<String> bodies) throws IOException {
    List<JsonNode> out = new ArrayList<>();
    for (String body : bodies) {
      JsonNode n = JSON.readTree(body);
      if (n.isArray()) n.forEach(out::add);
      else out.add(n);
    }
    return out;
  }

  private static List<JsonNode> lines(Path file) throws IOException {
    List<JsonNode> out = new ArrayList<>();
    for (String line : Files.readAllLines(file)) {
      if (!line.isBlank()) out.add(JSON.readTree(line));
    }
    return out;
  }

  private static List<String> ids(List<JsonNode> records) {
    return records.stream().map(r -> r.path("request_id").asText()).toList();
  }

  /** The documented check: SHA256withRSA over the record without signature and ttl, keys sorted, compact. */
}
