// Traffic charts from the node's call log (GET /analytics/aggregates, analytics = on): requests per
// service or route over time, latency percentiles, errors per group. Chart.js (its WebJar's UMD build)
// is loaded on first use only; the numbers are also in a table, for screen readers and keyboards.
import { ref, onMounted, onBeforeUnmount, nextTick } from './vue.js';
import { api } from './api.js';
import { errorText } from './screens.js';

let chartJs = null;
function loadChartJs() {
  chartJs ??= new Promise((resolve, reject) => {
    const s = document.createElement('script');
    s.src = 'assets/chart.js';
    s.onload = () => resolve(window.Chart);
    s.onerror = () => { chartJs = null; reject(new Error('could not load Chart.js')); };
    document.head.appendChild(s);
  });
  return chartJs;
}

const MINUTE = 60_000;
const HOUR = 3_600_000;
/** Each range with the bucket its charts use. */
const RANGES = { '15m': { span: 15 * MINUTE, bucket: 'minute', step: MINUTE }, '1h': { span: HOUR, bucket: 'minute', step: MINUTE },
  '24h': { span: 24 * HOUR, bucket: 'hour', step: HOUR } };
const COLORS = ['#0b5cad', '#b42318', '#1a7f37', '#9a6700', '#8250df', '#bf3989', '#1b7c83', '#57606a'];

function groupName(row, by) {
  const g = row[by];
  return g ? (g.name || g.username || g.id) : '(none)';
}
const clock = (ms) => new Date(ms).toISOString().slice(11, 16);
const round = (v) => (v === null || v === undefined ? null : Math.round(v * 10) / 10);

/** Every bucket start of the range (UTC), so quiet minutes show as zero rather than vanish. */
function bucketStarts(from, step) {
  const out = [];
  for (let t = Math.floor(from / step) * step; t <= Date.now(); t += step) out.push(t);
  return out;
}

export const Traffic = {
  setup() {
    const by = ref('service');
    const range = ref('1h');
    const totals = ref([]);
    const error = ref(null);
    const empty = ref(false);
    const canvases = { requests: ref(null), latency: ref(null), errors: ref(null) };
    const charts = {};
    function draw(Chart, name, config) {
      charts[name]?.destroy();
      charts[name] = new Chart(canvases[name].value, {
        ...config, options: { animation: false, responsive: true, maintainAspectRatio: false,
          scales: { y: { beginAtZero: true } }, ...config.options },
      });
    }
    async function load() {
      error.value = null;
      const { span, bucket, step } = RANGES[range.value];
      const from = Date.now() - span;
      try {
        const q = (extra) => api.get(`/analytics/aggregates?${new URLSearchParams({ from: String(from), ...extra })}`);
        const [perGroup, overall, byGroup, Chart] = await Promise.all([
          q({ bucket, group_by: by.value }), q({ bucket }), q({ group_by: by.value }), loadChartJs()]);
        totals.value = byGroup.data.map((r) => ({ name: groupName(r, by.value), ...r,
          latency: { p50: round(r.latency.p50), p95: round(r.latency.p95), p99: round(r.latency.p99) } }));
        empty.value = totals.value.length === 0;
        await nextTick();
        const buckets = bucketStarts(from, step);
        const latencyAt = new Map(overall.data.map((r) => [r.bucket_start, r.latency]));
        const groups = [...new Set(perGroup.data.map((r) => groupName(r, by.value)))];
        draw(Chart, 'requests', { type: 'line', data: { labels: buckets.map(clock), datasets: groups.map((g, i) => ({
          label: g, borderColor: COLORS[i % COLORS.length], backgroundColor: COLORS[i % COLORS.length],
          data: buckets.map((b) => perGroup.data.filter((r) => r.bucket_start === b && groupName(r, by.value) === g)
            .reduce((n, r) => n + r.requests, 0)),
        })) } });
        draw(Chart, 'latency', { type: 'line', options: { spanGaps: true }, data: { labels: buckets.map(clock),
          datasets: ['p50', 'p95', 'p99'].map((p, i) => ({ label: `${p} (ms)`, borderColor: COLORS[i], backgroundColor: COLORS[i],
            data: buckets.map((b) => round(latencyAt.get(b)?.[p])) })) } });
        draw(Chart, 'errors', { type: 'bar', data: { labels: totals.value.map((t) => t.name), datasets: [
          { label: '4xx and 5xx', backgroundColor: COLORS[3], data: totals.value.map((t) => t.errors) },
          { label: '5xx', backgroundColor: COLORS[1], data: totals.value.map((t) => t.server_errors) }] } });
      } catch (e) {
        error.value = e.status === 404 ? 'Traffic charts need the call log: set analytics = on (docs/analytics.md).' : errorText(e);
      }
    }
    onMounted(load);
    onBeforeUnmount(() => Object.values(charts).forEach((c) => c.destroy()));
    return { by, range, totals, error, empty, load, RANGES, requestsCanvas: canvases.requests,
      latencyCanvas: canvases.latency, errorsCanvas: canvases.errors };
  },
  template: `
  <section aria-labelledby="traffic-h">
    <h1 id="traffic-h">Traffic</h1>
    <form class="filters" @submit.prevent="load">
      <label for="traffic-by">Group by</label>
      <select id="traffic-by" v-model="by" @change="load"><option value="service">service</option><option value="route">route</option></select>
      <label for="traffic-range">Last</label>
      <select id="traffic-range" v-model="range" @change="load"><option v-for="k in Object.keys(RANGES)" :key="k" :value="k">{{ k }}</option></select>
      <button type="submit">Refresh</button>
    </form>
    <p v-if="error" class="error" role="alert">{{ error }}</p>
    <p v-else-if="empty" role="status">No calls in this range.</p>
    <div v-show="!error" class="charts">
      <figure><figcaption>Requests per minute by {{ by }}</figcaption><div class="chart"><canvas id="chart-requests" ref="requestsCanvas" role="img" :aria-label="'Requests per minute by ' + by"></canvas></div></figure>
      <figure><figcaption>Latency percentiles (all calls)</figcaption><div class="chart"><canvas id="chart-latency" ref="latencyCanvas" role="img" aria-label="Latency percentiles per minute"></canvas></div></figure>
      <figure><figcaption>Errors by {{ by }}</figcaption><div class="chart"><canvas id="chart-errors" ref="errorsCanvas" role="img" :aria-label="'Errors by ' + by"></canvas></div></figure>
    </div>
    <div v-if="totals.length" class="table-wrap"><table id="traffic-totals">
      <caption>Totals by {{ by }}</caption>
      <thead><tr><th scope="col">{{ by }}</th><th scope="col">requests</th><th scope="col">errors</th><th scope="col">5xx</th>
        <th scope="col">p50 ms</th><th scope="col">p95 ms</th><th scope="col">p99 ms</th></tr></thead>
      <tbody><tr v-for="t in totals" :key="t.name"><td>{{ t.name }}</td><td>{{ t.requests }}</td><td>{{ t.errors }}</td>
        <td>{{ t.server_errors }}</td><td>{{ t.latency.p50 }}</td><td>{{ t.latency.p95 }}</td><td>{{ t.latency.p99 }}</td></tr></tbody>
    </table></div>
  </section>`,
};
