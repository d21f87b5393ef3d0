package io.gatehouse.plugins.tracing;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

/** Known answers for each format's extractor and injector (Kong 3.9 propagation rules). */
class PropagationTest {
  static final String TRACE = "0af7651916cd43dd8448eb211c80319c";
  static final String SPAN = "b7ad6b7169203331";
  static final String PARENT = "05e3ac9a4f6e3b90";

  record Fields(@Nullable List<String> extract, @Nullable List<String> clear, @Nullable List<String> inject,
      String defaultFormat) implements PropagationFields {}

  static TraceContext extract(Format f, String... headers) {
    return Extractors.extract(f, source(headers));
  }

  static HeaderSource source(String... kv) {
    Map<String, String> m = new LinkedHashMap<>();
    for (int i = 0; i < kv.length; i += 2) m.put(kv[i], kv[i + 1]);
    return HeaderSource.of(m);
  }

  static Map<String, String> inject(Format f, TraceContext c) throws Injectors.Invalid {
    return Injectors.inject(f, c).headers();
  }

  @Test
  void w3cRoundTrip() throws Exception {
    TraceContext c = extract(Format.W3C, "traceparent", "00-" + TRACE + "-" + SPAN + "-01");
    assertThat(Ids.hex(c.traceId)).isEqualTo(TRACE);
    assertThat(Ids.hex(c.spanId)).isEqualTo(SPAN);
    assertThat(c.parentId).isNull();
    assertThat(c.sampled).isTrue();
    assertThat(c.w3cFlags).isEqualTo(1);
    assertThat(inject(Format.W3C, c)).containsExactly(Map.entry("traceparent", "00-" + TRACE + "-" + SPAN + "-01"));
    c.sampled = false;
    assertThat(inject(Format.W3C, c)).containsEntry("traceparent", "00-" + TRACE + "-" + SPAN + "-00");
  }

  @Test
  void w3cRejectsWhatKongRejects() {
    assertThat(extract(Format.W3C, "traceparent", "01-" + TRACE + "-" + SPAN + "-01")).isNull(); // version
    assertThat(extract(Format.W3C, "traceparent", "00-" + "0".repeat(32) + "-" + SPAN + "-01")).isNull();
    assertThat(extract(Format.W3C, "traceparent", "00-" + TRACE + "-" + "0".repeat(16) + "-01")).isNull();
    assertThat(extract(Format.W3C, "traceparent", "00-" + TRACE.substring(2) + "-" + SPAN + "-01")).isNull();
    assertThat(extract(Format.W3C, "traceparent", "00-" + TRACE + "-" + SPAN + "-1")).isNull();
    assertThat(extract(Format.W3C, "traceparent", "garbage")).isNull();
    assertThat(extract(Format.W3C)).isNull();
  }

  @Test
  void w3cNeedsIdsToInject() {
    TraceContext empty = new TraceContext();
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> Injectors.inject(Format.W3C, empty))
        .hasMessage("w3c injector context is invalid: field trace_id not found in context");
  }

  @Test
  void b3MultiHeadersKeepAnEightByteTraceId() throws Exception {
    TraceContext c = extract(Format.B3, "x-b3-traceid", "80f198ee56343ba8", "x-b3-spanid", SPAN,
        "x-b3-parentspanid", PARENT, "x-b3-sampled", "1");
    assertThat(Ids.hex(c.traceId)).isEqualTo("000000000000000080f198ee56343ba8");
    assertThat(c.traceIdOriginalSize).isEqualTo(8);
    assertThat(c.reuseSpanId).isTrue();
    assertThat(c.singleHeader).isFalse();
    assertThat(inject(Format.B3, c)).containsExactly(Map.entry("x-b3-traceid", "80f198ee56343ba8"),
        Map.entry("x-b3-spanid", SPAN), Map.entry("x-b3-parentspanid", PARENT), Map.entry("x-b3-sampled", "1"));
    // w3c only takes 16-byte ids: the short id is padded
    assertThat(inject(Format.W3C, c)).containsEntry("traceparent", "00-000000000000000080f198ee56343ba8-" + SPAN + "-01");
  }

  @Test
  void b3SingleHeader() throws Exception {
    TraceContext c = extract(Format.B3, "b3", TRACE + "-" + SPAN + "-1-" + PARENT);
    assertThat(Ids.hex(c.traceId)).isEqualTo(TRACE);
    assertThat(Ids.hex(c.spanId)).isEqualTo(SPAN);
    assertThat(Ids.hex(c.parentId)).isEqualTo(PARENT);
    assertThat(c.sampled).isTrue();
    assertThat(c.singleHeader).isTrue();
    assertThat(inject(Format.B3_SINGLE, c)).containsExactly(Map.entry("b3", TRACE + "-" + SPAN + "-1-" + PARENT));
    // sampling only; debug turns into x-b3-flags
    TraceContext debug = extract(Format.B3, "b3", "d");
    assertThat(debug.sampled).isTrue();
    assertThat(debug.traceId).isNull();
    assertThat(inject(Format.B3, debug)).containsExactly(Map.entry("x-b3-flags", "1"));
    assertThat(inject(Format.B3_SINGLE, debug)).containsExactly(Map.entry("b3", "d"));
    assertThat(inject(Format.B3_SINGLE, extract(Format.B3, "b3", "0"))).containsExactly(Map.entry("b3", "0"));
    // b3 inside tracestate
    assertThat(Ids.hex(extract(Format.B3, "tracestate", "b3=" + TRACE + "-" + SPAN).spanId)).isEqualTo(SPAN);
  }

  @Test
  void b3InvalidIdsAreIgnoredButSamplingStays() {
    TraceContext c = extract(Format.B3, "x-b3-traceid", "xyz", "x-b3-sampled", "0");
    assertThat(c.traceId).isNull();
    assertThat(c.sampled).isFalse();
  }

  @Test
  void jaegerWithBaggage() throws Exception {
    TraceContext c = extract(Format.JAEGER, "uber-trace-id", TRACE + ":" + SPAN + ":" + PARENT + ":1",
        "uberctx-user", "alice%20b");
    assertThat(Ids.hex(c.traceId)).isEqualTo(TRACE);
    assertThat(Ids.hex(c.spanId)).isEqualTo(SPAN);
    assertThat(Ids.hex(c.parentId)).isEqualTo(PARENT);
    assertThat(c.sampled).isTrue();
    assertThat(c.baggage).containsExactly(Map.entry("user", "alice b"));
    assertThat(inject(Format.JAEGER, c)).containsExactly(
        Map.entry("uber-trace-id", TRACE + ":" + SPAN + ":" + PARENT + ":01"), Map.entry("uberctx-user", "alice%20b"));
    assertThat(extract(Format.JAEGER, "uber-trace-id", "0:" + SPAN + ":0:1")).isNull(); // zero trace id
    assertThat(extract(Format.JAEGER, "uber-trace-id", TRACE + ":" + SPAN + ":0:123")).isNull(); // flags
  }

  @Test
  void otPrefersShortTraceIdsWhenNoneArrived() throws Exception {
    TraceContext c = extract(Format.OT, "ot-tracer-traceid", TRACE, "ot-tracer-spanid", SPAN,
        "ot-tracer-sampled", "true", "ot-baggage-k", "v");
    assertThat(c.sampled).isTrue();
    assertThat(inject(Format.OT, c)).containsExactly(Map.entry("ot-tracer-traceid", TRACE),
        Map.entry("ot-tracer-spanid", SPAN), Map.entry("ot-tracer-sampled", "1"), Map.entry("ot-baggage-k", "v"));
    // a context made here (no original size) gets OT's first allowed size, 8 bytes
    TraceContext local = new TraceContext();
    local.traceId = Ids.fromHex(TRACE);
    local.spanId = Ids.fromHex(SPAN);
    assertThat(inject(Format.OT, local)).containsEntry("ot-tracer-traceid", "8448eb211c80319c")
        .doesNotContainKey("ot-tracer-sampled");
  }

  @Test
  void datadogDecimalIds() throws Exception {
    TraceContext c = extract(Format.DATADOG, "x-datadog-trace-id", "9876543210", "x-datadog-parent-id", "12345",
        "x-datadog-sampling-priority", "2");
    assertThat(Ids.hex(c.traceId)).isEqualTo("0000000000000000000000024cb016ea");
    assertThat(Ids.hex(c.spanId)).isEqualTo("0000000000003039");
    assertThat(c.sampled).isTrue();
    assertThat(inject(Format.DATADOG, c)).containsExactly(Map.entry("x-datadog-trace-id", "9876543210"),
        Map.entry("x-datadog-parent-id", "12345"), Map.entry("x-datadog-sampling-priority", "1"));
    // a 16-byte id keeps its low 8 bytes
    TraceContext wide = new TraceContext();
    wide.traceId = Ids.fromHex("ffffffffffffffff0000000000000001");
    wide.spanId = Ids.fromHex("ffffffffffffffff");
    assertThat(inject(Format.DATADOG, wide)).containsEntry("x-datadog-trace-id", "1")
        .containsEntry("x-datadog-parent-id", "18446744073709551615");
    assertThat(extract(Format.DATADOG, "x-datadog-sampling-priority", "7")).isNull();
  }

  @Test
  void awsXray() throws Exception {
    String header = "Root=1-5759e988-bd862e3fe1be46a994272793;Parent=53995c3f42cd8ad8;Sampled=1";
    TraceContext c = extract(Format.AWS, "x-amzn-trace-id", header);
    assertThat(Ids.hex(c.traceId)).isEqualTo("5759e988bd862e3fe1be46a994272793");
    assertThat(Ids.hex(c.spanId)).isEqualTo("53995c3f42cd8ad8");
    assertThat(c.sampled).isTrue();
    assertThat(inject(Format.AWS, c)).containsExactly(Map.entry("x-amzn-trace-id", header));
    assertThat(extract(Format.AWS, "x-amzn-trace-id", "Root=2-5759e988-bd862e3fe1be46a994272793")).isNull();
    assertThat(extract(Format.AWS, "x-amzn-trace-id", "Root=1-5759e988-bd862e3fe1be46a994272793;Sampled=2")).isNull();
  }

  @Test
  void gcpCloudTraceContext() throws Exception {
    TraceContext c = extract(Format.GCP, "x-cloud-trace-context", "105445aa7843bc8bf206b12000100000/12345;o=1");
    assertThat(Ids.hex(c.traceId)).isEqualTo("105445aa7843bc8bf206b12000100000");
    assertThat(Ids.hex(c.spanId)).isEqualTo("0000000000003039");
    assertThat(c.sampled).isTrue();
    assertThat(inject(Format.GCP, c)).containsExactly(
        Map.entry("x-cloud-trace-context", "105445aa7843bc8bf206b12000100000/12345;o=1"));
    assertThat(extract(Format.GCP, "x-cloud-trace-context", "105445aa7843bc8bf206b12000100000/1").sampled).isFalse();
    assertThat(extract(Format.GCP, "x-cloud-trace-context", "105445AA7843bc8bf206b12000100000/1")).isNull();
  }

  @Test
  void headerTypePreserveExtractsB3FirstAndAnswersInKind() {
    Propagation p = Propagation.of(new Fields(null, null, null, "w3c"), "preserve", null);
    Propagation.Extraction e = p.extract(source("traceparent", "00-" + TRACE + "-" + SPAN + "-01",
        "b3", TRACE + "-" + PARENT + "-0"));
    assertThat(e.from()).isEqualTo(Format.B3);
    assertThat(p.injections(e.context(), e.from())).singleElement()
        .satisfies(i -> assertThat(i.headers()).containsOnlyKeys("b3")); // single header in, single header out
    // nothing found: the default format
    Propagation.Extraction none = p.extract(source());
    assertThat(none.from()).isNull();
    none.context().traceId = Ids.fromHex(TRACE);
    none.context().spanId = Ids.fromHex(SPAN);
    assertThat(p.injections(none.context(), none.from())).singleElement()
        .satisfies(i -> assertThat(i.headers()).containsOnlyKeys("traceparent"));
  }

  @Test
  void propagationRecordWinsOverHeaderType() {
    Propagation p = Propagation.of(new Fields(List.of("w3c"), List.of("x-b3-sampled"), List.of("preserve", "datadog"),
        "b3"), "b3", null);
    Propagation.Extraction e = p.extract(source("b3", "1", "traceparent", "00-" + TRACE + "-" + SPAN + "-00"));
    assertThat(e.from()).isEqualTo(Format.W3C);
    assertThat(p.injections(e.context(), e.from())).extracting(Injectors.Injected::formatName)
        .containsExactly("w3c", "datadog");
    // header_type = ignore: no extraction, inject the default format
    Propagation ignore = Propagation.of(new Fields(null, null, null, "w3c"), "ignore", null);
    assertThat(ignore.extract(source("traceparent", "00-" + TRACE + "-" + SPAN + "-01")).from()).isNull();
    // zipkin's default_header_type picks the format for preserve
    Propagation zipkin = Propagation.of(new Fields(null, null, null, "b3"), "preserve", "jaeger");
    TraceContext c = new TraceContext();
    c.traceId = Ids.fromHex(TRACE);
    c.spanId = Ids.fromHex(SPAN);
    assertThat(zipkin.injections(c, null)).extracting(Injectors.Injected::formatName).containsExactly("jaeger");
  }
}
