package io.gatehouse.plugins.llm.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * A model provider on loopback speaking the providers' published wire formats (OpenAI's Chat
 * Completions and Completions, Anthropic's Messages): it checks the credentials the way the
 * provider does, answers from the prompt it got ("You said: …" with token usage), streams the same
 * answer as server-sent events a word per event, and keeps every request for the test to read.
 * A stream pauses after its first event until {@link #releaseStream()} when {@code holdStreams} is set.
 */
public final class ProviderServer implements AutoCloseable {
  static final ObjectMapper JSON = new ObjectMapper();

  /** One request as the provider received it. */
  public record Received(String method, String path, String query, Map<String, List<String>> headers, JsonNode body) {
    public String header(String name) {
      for (var e : headers.entrySet()) {
        if (e.getKey().equalsIgnoreCase(name)) return e.getValue().getFirst();
      }
      return null;
    }
  }

  private final HttpServer server;
  private final List<Received> received = new CopyOnWriteArrayList<>();
  private final String openAiKey;
  private final String anthropicKey;
  private volatile CountDownLatch streamGate = new CountDownLatch(0);
  private final java.util.concurrent.atomic.AtomicInteger broken = new java.util.concurrent.atomic.AtomicInteger();
  private volatile long firstEventNanos;

  public ProviderServer(String openAiKey, String anthropicKey) {
    this.openAiKey = openAiKey;
    this.anthropicKey = anthropicKey;
    try {
      server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
    server.createContext("/", this::handle);
    server.start();
  }

  /** One AWS event-stream message as Bedrock's {@code converse-stream} sends it. */
  public static byte[] eventStreamFrame(String eventType, String json) {
    return BedrockWire.frame(eventType, json);
  }

  public int port() {
    return server.getAddress().getPort();
  }

  public String url(String path) {
    return "http://127.0.0.1:" + port() + path;
  }

  public List<Received> received() {
    return received;
  }

  public Received last() {
    return received.getLast();
  }

  /** Makes the next streams stop after their first event until {@link #releaseStream()}. */
  public void holdStreams() {
    streamGate = new CountDownLatch(1);
  }

  public void releaseStream() {
    streamGate.countDown();
  }

  /** {@link System#nanoTime()} when the last stream's first event was written and flushed to the socket. */
  public long firstEventNanos() {
    return firstEventNanos;
  }

  void firstEventSent() {
    firstEventNanos = System.nanoTime();
  }

  /** Answers whose writing failed because the other side (the gateway) closed the connection. */
  public int brokenAnswers() {
    return broken.get();
  }

  private void handle(HttpExchange x) throws IOException {
    try {
      serve(x);
    } catch (IOException e) {
      broken.incrementAndGet();
      throw e;
    } finally {
      x.close();
    }
  }

  private void serve(HttpExchange x) throws IOException {
    {
      byte[] raw = x.getRequestBody().readAllBytes();
      JsonNode body = json(raw);
      received.add(new Received(x.getRequestMethod(), x.getRequestURI().getRawPath(),
          x.getRequestURI().getRawQuery() == null ? "" : x.getRequestURI().getRawQuery(), Map.copyOf(x.getRequestHeaders()),
          body));
      String path = x.getRequestURI().getPath();
      if (path.endsWith("/audio/transcriptions")) {
        OpenAiWire.transcription(x, raw, openAiKey);
      } else if (path.startsWith("/model/") && path.endsWith("/converse-stream")) {
        BedrockWire.converseStream(this, x, raw, body, "AKIDBEDROCKTEST", anthropicKey);
      } else if (path.startsWith("/model/") && path.endsWith("/converse")) {
        BedrockWire.converse(x, raw, body, "AKIDBEDROCKTEST", anthropicKey);
      } else if (path.startsWith("/models/") && !path.endsWith("/chat/completions")) {
        HuggingfaceWire.generate(x, body, openAiKey);
      } else if (path.equals("/v1/chat")) {
        CohereWire.chat(this, x, body, openAiKey);
      } else if (path.endsWith(":generateContent") || path.endsWith(":streamGenerateContent")) {
        GeminiWire.generate(this, x, body, openAiKey, path.endsWith(":streamGenerateContent"));
      } else if (path.equals("/api/chat")) {
        OllamaWire.chat(this, x, body);
      } else if (path.equals("/raw/generate")) {
        OllamaWire.rawLlama2(x, body);
      } else if (path.endsWith("/v1/messages")) {
        AnthropicWire.messages(this, x, body, anthropicKey);
      } else if (path.endsWith("/chat/completions")) {
        OpenAiWire.chat(this, x, body, openAiKey);
      } else if (path.endsWith("/completions")) {
        OpenAiWire.completions(this, x, body, openAiKey);
      } else {
        send(x, 404, JSON.createObjectNode().put("error", "no such operation " + path));
      }
    }
  }

  /** The body as JSON; an empty object for none or for a body that is not JSON (a multipart upload). */
  private static JsonNode json(byte[] raw) {
    if (raw.length == 0) return JSON.createObjectNode();
    try {
      return JSON.readTree(raw);
    } catch (IOException e) {
      return JSON.createObjectNode();
    }
  }

  /** Hex SHA-256 of bytes. */
  public static String sha256(byte[] bytes) {
    try {
      return java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256").digest(bytes));
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /** The text of the last user turn (a string or text parts). */
  static String lastUserText(JsonNode messages) {
    String text = "";
    for (JsonNode m : messages) {
      if (!"user".equals(m.path("role").asText())) continue;
      JsonNode c = m.path("content");
      if (c.isTextual()) {
        text = c.asText();
      } else {
        StringBuilder b = new StringBuilder();
        for (JsonNode part : c) b.append(part.path("text").asText());
        text = b.toString();
      }
    }
    return text;
  }

  /** Whitespace-separated words: the test provider's tokens. */
  static int tokens(String text) {
    String t = text.strip();
    return t.isEmpty() ? 0 : t.split("\\s+").length;
  }

  /** A JSON answer, gzip-compressed when the request accepts gzip (as the providers' APIs do). */
  static void send(HttpExchange x, int status, JsonNode body) throws IOException {
    byte[] bytes = JSON.writeValueAsBytes(body);
    x.getResponseHeaders().set("Content-Type", "application/json");
    String accepted = x.getRequestHeaders().getFirst("Accept-Encoding");
    if (accepted != null && accepted.contains("gzip")) {
      java.io.ByteArrayOutputStream zipped = new java.io.ByteArrayOutputStream();
      try (var gz = new java.util.zip.GZIPOutputStream(zipped)) {
        gz.write(bytes);
      }
      bytes = zipped.toByteArray();
      x.getResponseHeaders().set("Content-Encoding", "gzip");
    }
    x.sendResponseHeaders(status, bytes.length);
    x.getResponseBody().write(bytes);
  }

  /** Starts an event stream (chunked). */
  static OutputStream startStream(HttpExchange x) throws IOException {
    x.getResponseHeaders().set("Content-Type", "text/event-stream; charset=utf-8");
    x.getResponseHeaders().set("Cache-Control", "no-cache");
    x.sendResponseHeaders(200, 0);
    return x.getResponseBody();
  }

  static void event(OutputStream out, String event, String data) throws IOException {
    String frame = (event == null ? "" : "event: " + event + "\n") + "data: " + data + "\n\n";
    out.write(frame.getBytes(StandardCharsets.UTF_8));
    out.flush();
  }

  /** Called after a stream's first event: waits while the test holds streams. */
  void gate() {
    try {
      if (!streamGate.await(10, TimeUnit.SECONDS)) throw new IllegalStateException("stream never released");
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  static ObjectNode object() {
    return JSON.createObjectNode();
  }

  @Override
  public void close() {
    releaseStream();
    server.stop(0);
  }
}
