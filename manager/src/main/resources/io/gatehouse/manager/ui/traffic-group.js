// One service, route or consumer over time, under the traffic screen's charts: requests, errors and
// 5xx, latency p50/p95/p99, and requests per status code. From the call log (GET /analytics/aggregates
// filtered to the group, and again grouped by status) or, without analytics, from the screen's live
// Prometheus scrapes (LiveTraffic.detail). Chart.js is loaded by the screen before this draws.
import { ref, watch, onMounted, onBeforeUnmount, nextTick } from './vue.js';
import { api } from './api.js';
import { errorText } from './screens.js';

const COLORS = ['#0b5cad', '#b42318', '#1a7f37', '#9a6700', '#8250df', '#bf3989', '#1b7c83', '#57606a'];
const NO_LATENCY = { p50: null, p95: null, p99: null };
const clock = (ms) => new Date(ms).toISOString().slice(11, 16);
const round = (v) => (v === null || v === undefined ? null : Math.round(v * 10) / 10);
const sum = (list) => list.reduce((n, v) => n + v, 0);

/** The group's buckets over the range ({span, bucket, step}), quiet ones as zero. */
async function fromCallLog(by, name, range) {
  const from = Date.now() - range.span;
  const q = (extra) => api.get(`/analytics/aggregates?${new URLSearchParams({ from: String(from),
    bucket: range.bucket, [by]: name, ...extra })}`);
  const [overall, byStatus] = await Promise.all([q({}), q({ group_by: 'status' })]);
  const starts = [];
  for (let t = Math.floor(from / range.step) * range.step; t <= Date.now(); t += range.step) starts.push(t);
  const at = new Map(overall.data.map((r) => [r.bucket_start, r]));
  const codes = [...new Set(byStatus.data.map((r) => r.status))].sort();
  const count = (b, field) => (at.get(b) ? at.get(b)[field] : 0);
  return {
    labels: starts.map(clock),
    requests: starts.map((b) => count(b, 'requests')),
    errors: starts.map((b) => count(b, 'errors')),
    server_errors: starts.map((b) => count(b, 'server_errors')),
    latency: starts.map((b) => (at.get(b) ? at.get(b).latency : NO_LATENCY)),
    statuses: codes.map((code) => ({ name: String(code), data: starts.map((b) => sum(byStatus.data
      .filter((r) => r.bucket_start === b && r.status === code).map((r) => r.requests))) })),
  };
}

export const TrafficGroup = {
  props: {
    by: { type: String, required: true }, // service | route | consumer
    source: { type: String, required: true }, // calls | metrics
    range: { type: Object, required: true }, // {span, bucket, step} (call log)
    names: { type: Array, required: true }, // the group's members with traffic
    live: { type: Object, default: null }, // LiveTraffic (metrics)
    tick: { type: Number, default: 0 }, // bumped by the screen after each redraw
  },
  setup(props) {
    const pick = ref('');
    const statusTotals = ref([]);
    const error = ref(null);
    const canvases = { requests: ref(null), latency: ref(null), status: ref(null) };
    const charts = {};

    function draw(name, config) {
      charts[name]?.destroy();
      charts[name] = new window.Chart(canvases[name].value, { ...config, options: { animation: false, responsive: true,
        maintainAspectRatio: false, spanGaps: true, scales: { x: { stacked: config.type === 'bar' },
          y: { beginAtZero: true, stacked: config.type === 'bar' } } } });
    }
    function show(s) {
      const color = (i) => ({ borderColor: COLORS[i % COLORS.length], backgroundColor: COLORS[i % COLORS.length] });
      draw('requests', { type: 'line', data: { labels: s.labels, datasets: [
        { label: 'requests', data: s.requests, ...color(0) }, { label: '4xx and 5xx', data: s.errors, ...color(3) },
        { label: '5xx', data: s.server_errors, ...color(1) }] } });
      draw('latency', { type: 'line', data: { labels: s.labels, datasets: ['p50', 'p95', 'p99']
        .map((p, i) => ({ label: `${p} (ms)`, data: s.latency.map((l) => round(l[p])), ...color(i) })) } });
      draw('status', { type: 'bar', data: { labels: s.labels, datasets: s.statuses
        .map((c, i) => ({ label: c.name, data: c.data, ...color(i + 2) })) } });
      statusTotals.value = s.statuses.map((c) => ({ status: c.name, requests: sum(c.data) }));
    }
    async function load() {
      if (!pick.value) return;
      try {
        const s = props.source === 'metrics' ? props.live?.detail(pick.value) : await fromCallLog(props.by, pick.value, props.range);
        if (!s) return;
        await nextTick();
        show(s);
        error.value = null;
      } catch (e) { error.value = errorText(e); }
    }
    watch(() => props.names, (n) => { if (!n.includes(pick.value)) pick.value = n[0] || ''; }, { immediate: true });
    watch([pick, () => props.tick], load);
    onMounted(load);
    onBeforeUnmount(() => Object.values(charts).forEach((c) => c.destroy()));
    return { pick, statusTotals, error, requestsCanvas: canvases.requests, latencyCanvas: canvases.latency,
      statusCanvas: canvases.status };
  },
  template: `
  <section aria-labelledby="traffic-group-h" class="traffic-group">
    <h2 id="traffic-group-h">One {{ by }} over time</h2>
    <form class="filters" @submit.prevent>
      <label for="traffic-group-pick">{{ by }}</label>
      <select id="traffic-group-pick" v-model="pick"><option v-for="n in names" :key="n" :value="n">{{ n }}</option></select>
    </form>
    <p v-if="source === 'metrics' && by === 'consumer'" class="hint">Per consumer needs the prometheus plugin's
      <code>per_consumer</code>; its latency histogram has no consumer label, so percentiles stay empty.</p>
    <p v-if="error" class="error" role="alert">{{ error }}</p>
    <div v-show="!error" class="charts">
      <figure><figcaption>Requests and errors: {{ pick }}</figcaption><div class="chart"><canvas id="chart-group-requests" ref="requestsCanvas" role="img" :aria-label="'Requests and errors of ' + pick"></canvas></div></figure>
      <figure><figcaption>Latency percentiles: {{ pick }}</figcaption><div class="chart"><canvas id="chart-group-latency" ref="latencyCanvas" role="img" :aria-label="'Latency percentiles of ' + pick"></canvas></div></figure>
      <figure><figcaption>Requests by status: {{ pick }}</figcaption><div class="chart"><canvas id="chart-group-status" ref="statusCanvas" role="img" :aria-label="'Requests by status of ' + pick"></canvas></div></figure>
    </div>
    <div v-if="statusTotals.length" class="table-wrap"><table id="traffic-group-status">
      <caption>Requests by status: {{ pick }}</caption>
      <thead><tr><th scope="col">status</th><th scope="col">requests</th></tr></thead>
      <tbody><tr v-for="s in statusTotals" :key="s.status"><td>{{ s.status }}</td><td>{{ s.requests }}</td></tr></tbody>
    </table></div>
  </section>`,
};
