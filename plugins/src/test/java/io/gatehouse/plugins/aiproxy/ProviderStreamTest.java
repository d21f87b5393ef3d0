package io.gatehouse.plugins.aiproxy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.gatehouse.plugins.llm.Drivers;
import io.gatehouse.plugins.llm.LlmConfig;
import io.gatehouse.plugins.llm.RouteType;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Flow;
import java.util.concurrent.SubmissionPublisher;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/**
 * {@link ProviderStream} between a provider body publisher (a {@link SubmissionPublisher}, which
 * delivers only what is requested) and a client subscriber: the first byte is seen before anyone
 * subscribes, the client gets translated chunks only as far as it asks, an event cut in two comes
 * whole, a provider failure reaches the client, and the client's cancel reaches the provider.
 */
class ProviderStreamTest {
  private static final String CHUNK = "{\"id\":\"c1\",\"object\":\"chat.completion.chunk\",\"model\":\"gpt-4o\","
      + "\"choices\":[{\"index\":0,\"delta\":{\"content\":\"%s\"}}]}";

  private static ProviderStream stream() {
    LlmCall call = new LlmCall(Drivers.of("openai"), new LlmConfig.Model("openai", "gpt-4o", null), RouteType.CHAT, true,
        System.nanoTime(), null);
    return new ProviderStream(new ResponseTranslation(call, ResponseTranslation.Mode.STREAM, true, false, List.of(),
        "text/event-stream"));
  }

  private static List<ByteBuffer> piece(String s) {
    return List.of(ByteBuffer.wrap(s.getBytes(StandardCharsets.UTF_8)));
  }

  private static String event(String content) {
    return "data: " + CHUNK.formatted(content) + "\n\n";
  }

  /** A client that asks for nothing until told, and records what it gets. */
  static final class Client implements Flow.Subscriber<byte[]> {
    final List<String> got = new CopyOnWriteArrayList<>();
    final AtomicReference<Object> end = new AtomicReference<>();
    volatile Flow.Subscription subscription;

    @Override
    public void onSubscribe(Flow.Subscription s) {
      subscription = s;
    }

    @Override
    public void onNext(byte[] item) {
      got.add(new String(item, StandardCharsets.UTF_8));
    }

    @Override
    public void onError(Throwable t) {
      end.set(t);
    }

    @Override
    public void onComplete() {
      end.set("complete");
    }
  }

  @Test
  void chunks_go_to_the_client_as_far_as_it_asks_and_the_end_follows() {
    ProviderStream stream = stream();
    try (SubmissionPublisher<List<ByteBuffer>> provider = new SubmissionPublisher<>()) {
      provider.subscribe(stream);
      provider.submit(piece(event("Hel")));
      await().atMost(Duration.ofSeconds(5)).until(() -> stream.firstByte().isDone());
      assertThat(stream.firstByte()).isCompleted();

      Client client = new Client();
      stream.subscribe(client);
      provider.submit(piece("data: " + CHUNK.formatted("lo").substring(0, 20))); // an event cut in two
      provider.submit(piece(CHUNK.formatted("lo").substring(20) + "\n\n"));
      provider.submit(piece("data: [DONE]\n\n"));
      assertThat(client.got).isEmpty(); // nothing asked yet
      client.subscription.request(1);
      await().atMost(Duration.ofSeconds(5)).until(() -> client.got.size() == 1);
      assertThat(client.got.getFirst()).startsWith("data: {").contains("\"content\":\"Hel\"");
      client.subscription.request(10);
      provider.close();
      await().atMost(Duration.ofSeconds(5)).until(() -> "complete".equals(client.end.get()));
      assertThat(String.join("", client.got)).contains("\"content\":\"lo\"").endsWith("data: [DONE]\n\n");
    }
  }

  @Test
  void a_provider_failure_reaches_the_client_and_a_client_cancel_reaches_the_provider() {
    ProviderStream failing = stream();
    try (SubmissionPublisher<List<ByteBuffer>> provider = new SubmissionPublisher<>()) {
      provider.subscribe(failing);
      provider.submit(piece(event("a")));
      Client client = new Client();
      failing.subscribe(client);
      client.subscription.request(5);
      await().atMost(Duration.ofSeconds(5)).until(() -> client.got.size() == 1);
      provider.closeExceptionally(new IOException("reset by the provider")); // midway
      await().atMost(Duration.ofSeconds(5)).until(() -> client.end.get() instanceof IOException);
      assertThat(client.got).hasSize(1);
    }

    ProviderStream cancelled = stream();
    try (SubmissionPublisher<List<ByteBuffer>> provider = new SubmissionPublisher<>()) {
      provider.subscribe(cancelled);
      provider.submit(piece(event("a")));
      Client client = new Client();
      cancelled.subscribe(client);
      client.subscription.cancel();
      // a cancelled subscriber is dropped by the publisher at its next item
      await().atMost(Duration.ofSeconds(5)).until(() -> {
        provider.submit(piece(event("more")));
        return provider.getNumberOfSubscribers() == 0;
      });
      assertThat(client.got).isEmpty();
    }
  }
}
