package io.gatehouse.plugins.opentelemetry;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpServer;
import io.opentelemetry.proto.collector.logs.v1.ExportLogsServiceRequest;
import io.opentelemetry.proto.collector.logs.v1.ExportLogsServiceResponse;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceResponse;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import io.opentelemetry.proto.trace.v1.Span;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;

/**
 * An OTLP/HTTP collector on 127.0.0.1: decodes every export with the OpenTelemetry proto classes
 * and keeps it, with the path and headers it came with.
 */
final class OtlpReceiver implements AutoCloseable {
  record Export(String path, Headers headers, ExportTraceServiceRequest traces) {}

  record LogExport(String path, Headers headers, ExportLogsServiceRequest logs) {}

  /** One received span with what it was sent under. */
  record Received(String path, ResourceSpans resource, ScopeSpans scope, Span span) {
    String traceId() {
      return HexFormat.of().formatHex(span.getTraceId().toByteArray());
    }

    String spanId() {
      return HexFormat.of().formatHex(span.getSpanId().toByteArray());
    }

    String parentSpanId() {
      return HexFormat.of().formatHex(span.getParentSpanId().toByteArray());
    }

    String attr(String key) {
      return span.getAttributesList().stream().filter(a -> a.getKey().equals(key)).findFirst()
          .map(a -> a.getValue().hasIntValue() ? String.valueOf(a.getValue().getIntValue()) : a.getValue().getStringValue())
          .orElse(null);
    }

    String resourceAttr(String key) {
      return resource.getResource().getAttributesList().stream().filter(a -> a.getKey().equals(key)).findFirst()
          .map(a -> a.getValue().getStringValue()).orElse(null);
    }
  }

  final List<Export> exports = new CopyOnWriteArrayList<>();
  final List<LogExport> logExports = new CopyOnWriteArrayList<>();
  private final HttpServer server;

  OtlpReceiver() throws IOException {
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext("/", exchange -> {
      byte[] body = exchange.getRequestBody().readAllBytes();
      String path = exchange.getRequestURI().getPath();
      byte[] answer;
      if (path.startsWith("/logs")) {
        logExports.add(new LogExport(path, exchange.getRequestHeaders(), ExportLogsServiceRequest.parseFrom(body)));
        answer = ExportLogsServiceResponse.getDefaultInstance().toByteArray();
      } else {
        exports.add(new Export(path, exchange.getRequestHeaders(), ExportTraceServiceRequest.parseFrom(body)));
        answer = ExportTraceServiceResponse.getDefaultInstance().toByteArray();
      }
      exchange.getResponseHeaders().add("Content-Type", "application/x-protobuf");
      exchange.sendResponseHeaders(200, answer.length);
      exchange.getResponseBody().write(answer);
      exchange.close();
    });
    server.start();
  }

  String url(String path) {
    return "http://127.0.0.1:" + server.getAddress().getPort() + path;
  }

  /** Every span received so far. */
  List<Received> spans() {
    List<Received> out = new ArrayList<>();
    for (Export e : exports) {
      for (ResourceSpans rs : e.traces().getResourceSpansList()) {
        for (ScopeSpans ss : rs.getScopeSpansList()) {
          for (Span s : ss.getSpansList()) out.add(new Received(e.path(), rs, ss, s));
        }
      }
    }
    return out;
  }

  /** The spans of this trace, once {@code count} of them arrived. */
  List<Received> awaitTrace(String traceId, int count) {
    Awaitility.await().atMost(10, TimeUnit.SECONDS).pollInterval(20, TimeUnit.MILLISECONDS)
        .until(() -> trace(traceId).size() >= count);
    List<Received> t = trace(traceId);
    assertThat(t).hasSize(count);
    return t;
  }

  List<Received> trace(String traceId) {
    return spans().stream().filter(s -> s.traceId().equals(traceId)).toList();
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
