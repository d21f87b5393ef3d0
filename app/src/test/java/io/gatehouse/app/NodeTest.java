package io.gatehouse.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.gatehouse.app.settings.Settings;
import io.gatehouse.app.settings.SettingsLoader;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NodeTest {
  @TempDir Path prefix;

  private Settings settings() {
    return new SettingsLoader(Map.of(), List.of(), prefix).load(null,
        Map.of("prefix", prefix.toString(), "status_listen", "127.0.0.1:0", "admin_listen", "127.0.0.1:0",
            "proxy_listen", "127.0.0.1:0"));
  }

  private record Recorder(String name, List<String> events) implements AutoCloseable {
    Recorder {
      events.add("start " + name);
    }

    @Override
    public void close() {
      events.add("close " + name);
    }
  }

  @Test
  void startsInOrderAndClosesInReverse() throws Exception {
    List<String> events = new ArrayList<>();
    Node node = Node.start(settings(), n -> {
      n.add("a", new Recorder("a", events));
      n.add("b", new Recorder("b", events));
      n.add("c", new Recorder("c", events));
    });
    assertThat(node.isReady()).isTrue();
    assertThat(node.componentNames()).containsExactly("a", "b", "c");
    node.close();
    node.close(); // idempotent
    assertThat(events).containsExactly("start a", "start b", "start c", "close c", "close b", "close a");
    assertThat(node.isReady()).isFalse();
    assertThat(node.awaitShutdown(Duration.ZERO)).isTrue();
  }

  @Test
  void aFailedStartClosesWhatStartedAndRethrows() {
    List<String> events = new ArrayList<>();
    assertThatThrownBy(() -> Node.start(settings(), n -> {
      n.add("a", new Recorder("a", events));
      n.add("b", new Recorder("b", events));
      throw new IOException("port in use");
    })).isInstanceOf(IOException.class).hasMessage("port in use");
    assertThat(events).containsExactly("start a", "start b", "close b", "close a");
  }

  @Test
  void aComponentFailingToCloseDoesNotStopTheOthers() throws Exception {
    List<String> events = new ArrayList<>();
    Node node = Node.start(settings(), n -> {
      n.add("a", new Recorder("a", events));
      n.add("broken", () -> {
        throw new IllegalStateException("boom");
      });
    });
    node.close();
    assertThat(events).containsExactly("start a", "close a");
  }

  @Test
  void awaitShutdownReturnsWhenClosedFromAnotherThread() throws Exception {
    Node node = Node.start(settings(), n -> { });
    CompletableFuture<Void> waiter = CompletableFuture.runAsync(() -> {
      try {
        node.awaitShutdown();
      } catch (InterruptedException e) {
        throw new IllegalStateException(e);
      }
    });
    assertThat(waiter).isNotDone();
    node.close();
    assertThat(waiter).succeedsWithin(Duration.ofSeconds(10));
  }

  @Test
  void addAfterCloseIsRefusedAndClosesTheLateComponent() throws Exception {
    List<String> events = new ArrayList<>();
    Node node = Node.start(settings(), n -> { });
    node.close();
    assertThatThrownBy(() -> node.add("late", new Recorder("late", events)))
        .isInstanceOf(IllegalStateException.class);
    assertThat(events).containsExactly("start late", "close late");
  }

  @Test
  void findsComponentsByType() throws Exception {
    try (Node node = Node.start(settings(), n -> n.add("recorder", new Recorder("r", new ArrayList<>())))) {
      assertThat(node.component(Recorder.class)).map(Recorder::name).contains("r");
      assertThat(node.component(String.class)).isEmpty();
    }
  }

  @Test
  void keepsItsIdInThePrefix() throws Exception {
    java.util.UUID first;
    try (Node node = Node.start(settings(), n -> { })) {
      first = node.id();
    }
    try (Node node = Node.start(settings(), n -> { })) {
      assertThat(node.id()).isEqualTo(first);
    }
    assertThat(Files.readString(prefix.resolve("node.id")).strip()).isEqualTo(first.toString());
  }

  @Test
  void defaultWiringServesReadinessOnTheStatusListener() throws Exception {
    try (Node node = Node.start(settings())) {
      io.gatehouse.admin.StatusApi status = node.component(io.gatehouse.admin.StatusApi.class).orElseThrow();
      int port = status.address().getPort();
      HttpClient client = HttpClient.newHttpClient();
      HttpResponse<String> ready = client.send(
          HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/status/ready")).build(),
          HttpResponse.BodyHandlers.ofString());
      assertThat(ready.statusCode()).isEqualTo(200);
      assertThat(ready.body()).isEqualTo("{\"message\":\"ready\"}");
      HttpResponse<String> missing = client.send(
          HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/nope")).build(),
          HttpResponse.BodyHandlers.ofString());
      assertThat(missing.statusCode()).isEqualTo(404);
      assertThat(missing.body()).isEqualTo("{\"message\":\"Not found\"}");
    }
  }
  @Test
  void readinessChecksGateReadiness() throws Exception {
    var snapshotBuilt = new java.util.concurrent.atomic.AtomicBoolean();
    try (Node node = Node.start(settings(), n -> n.addReadinessCheck(snapshotBuilt::get))) {
      assertThat(node.isReady()).isFalse();
      snapshotBuilt.set(true);
      assertThat(node.isReady()).isTrue();
    }
  }
}
