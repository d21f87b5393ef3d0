// Live traffic from the node's Prometheus metrics (GET /metrics on the Admin API, served while the
// prometheus plugin is configured, with status_code_metrics and latency_metrics): each scrape is
// compared with the one before, so the charts show what happened between scrapes while the screen
// is open (no history: that is the call log's job, analytics = on).

const SAMPLE = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{(.*)\})?\s+(\S+)/;
const LABEL = /([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\]|\\.)*)"/g;

/** Prometheus text exposition → [{name, labels, value}] (comments and bad lines skipped). */
export function parseMetrics(text) {
  const out = [];
  for (const line of text.split('\n')) {
    const m = line.startsWith('#') ? null : SAMPLE.exec(line);
    if (!m) continue;
    const labels = {};
    for (const l of (m[2] || '').matchAll(LABEL)) labels[l[1]] = l[2].replace(/\\(.)/g, (_, c) => (c === 'n' ? '\n' : c));
    out.push({ name: m[1], labels, value: Number(m[3]) });
  }
  return out;
}

/** The q-quantile of a histogram's per-bucket counts ({le: count}, not cumulative), interpolated as histogram_quantile. */
export function quantile(q, counts) {
  const bounds = Object.keys(counts).map(Number).sort((a, b) => a - b);
  const total = bounds.reduce((n, b) => n + counts[b], 0);
  if (total === 0) return null;
  const rank = q * total;
  let seen = 0;
  let lower = 0;
  for (const b of bounds) {
    if (seen + counts[b] >= rank) {
      if (!Number.isFinite(b)) return lower;
      return lower + (b - lower) * ((rank - seen) / counts[b]);
    }
    seen += counts[b];
    lower = b;
  }
  return lower;
}

const EMPTY = () => ({ requests: 0, errors: 0, server_errors: 0, buckets: {}, codes: {} });

/**
 * The totals one scrape holds, per group (a service, route or consumer label): requests, errors, the
 * requests per status code, latency buckets (Kong's latency histogram has no consumer label).
 */
function totalsOf(samples, by) {
  const groups = {};
  const group = (name) => (groups[name] ??= EMPTY());
  for (const s of samples) {
    const name = s.labels[by] || '(none)';
    if (s.name === 'kong_http_requests_total') {
      const g = group(name);
      const code = Number(s.labels.code);
      g.requests += s.value;
      if (code >= 400) g.errors += s.value;
      if (code >= 500) g.server_errors += s.value;
      g.codes[code] = (g.codes[code] || 0) + s.value;
    } else if (s.name === 'kong_request_latency_ms_bucket') {
      const le = s.labels.le === '+Inf' ? Infinity : Number(s.labels.le);
      const b = group(name).buckets;
      b[le] = (b[le] || 0) + s.value; // cumulative, summed over the group's other labels
    }
  }
  return groups;
}

const latencyOf = (buckets) => ({ p50: quantile(0.5, buckets), p95: quantile(0.95, buckets), p99: quantile(0.99, buckets) });

/** Cumulative bucket counts → per-bucket counts. */
function perBucket(cumulative) {
  const out = {};
  let prev = 0;
  for (const le of Object.keys(cumulative).map(Number).sort((a, b) => a - b)) {
    out[le] = Math.max(0, cumulative[le] - prev);
    prev = cumulative[le];
  }
  return out;
}

function minus(a, b) {
  const out = {};
  for (const k of Object.keys(a)) out[k] = Math.max(0, a[k] - ((b && b[k]) || 0));
  return out;
}

/** Scrapes in, chart series out: one point per interval between two scrapes. */
export class LiveTraffic {
  constructor(by, keep = 60) {
    this.by = by;
    this.keep = keep;
    this.last = null;
    this.points = []; // {at, groups: {name: {requests, errors, server_errors, buckets}}}
  }

  add(text, at = Date.now()) {
    const now = totalsOf(parseMetrics(text), this.by);
    if (this.last) {
      const groups = {};
      for (const [name, g] of Object.entries(now)) {
        const before = this.last[name] || EMPTY();
        groups[name] = { requests: Math.max(0, g.requests - before.requests), errors: Math.max(0, g.errors - before.errors),
          server_errors: Math.max(0, g.server_errors - before.server_errors), buckets: perBucket(minus(g.buckets, before.buckets)),
          codes: minus(g.codes, before.codes) };
      }
      this.points.push({ at, groups });
      if (this.points.length > this.keep) this.points.shift();
    }
    this.last = now;
  }

  /** One group over time (the shape of traffic-group.js's call-log source): counts, percentiles, status codes. */
  detail(name) {
    const gs = this.points.map((p) => p.groups[name] || EMPTY());
    const codes = [...new Set(gs.flatMap((g) => Object.keys(g.codes)))].sort();
    return {
      labels: this.points.map((p) => new Date(p.at).toISOString().slice(11, 19)),
      requests: gs.map((g) => g.requests),
      errors: gs.map((g) => g.errors),
      server_errors: gs.map((g) => g.server_errors),
      latency: gs.map((g) => latencyOf(g.buckets)),
      statuses: codes.map((code) => ({ name: code, data: gs.map((g) => g.codes[code] || 0) })).filter((c) => c.data.some((v) => v > 0)),
    };
  }

  /** The series the traffic screen draws: the same shape as its call-log source. */
  series() {
    const names = [...new Set(this.points.flatMap((p) => Object.keys(p.groups)))].sort();
    const sumBuckets = (list) => list.reduce((acc, b) => { for (const k of Object.keys(b)) acc[k] = (acc[k] || 0) + b[k]; return acc; }, {});
    const totals = names.map((name) => {
      const gs = this.points.map((p) => p.groups[name]).filter(Boolean);
      return { name, requests: gs.reduce((n, g) => n + g.requests, 0), errors: gs.reduce((n, g) => n + g.errors, 0),
        server_errors: gs.reduce((n, g) => n + g.server_errors, 0), latency: latencyOf(sumBuckets(gs.map((g) => g.buckets))) };
    }).filter((t) => t.requests > 0);
    return {
      labels: this.points.map((p) => new Date(p.at).toISOString().slice(11, 19)),
      requests: names.map((name) => ({ name, data: this.points.map((p) => (p.groups[name] ? p.groups[name].requests : 0)) })),
      latency: this.points.map((p) => latencyOf(sumBuckets(Object.values(p.groups).map((g) => g.buckets)))),
      totals,
    };
  }
}
