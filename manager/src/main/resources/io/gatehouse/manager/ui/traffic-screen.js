// Traffic charts: requests per service or route over time, latency percentiles, errors per group.
// Two sources, the first that answers: the node's call log (GET /analytics/aggregates, analytics = on:
// history over a chosen range, the current workspace's calls under its prefix) or its Prometheus metrics (GET /metrics, the prometheus plugin: live,
// from scrapes while the screen is open). Chart.js (its WebJar's UMD build) is loaded on first use;
// the numbers are also in a table, for screen readers and keyboards.
import { ref, shallowRef, onMounted, onBeforeUnmount, nextTick } from './vue.js';
import { api } from './api.js';
import { errorText } from './screens.js';
import { LiveTraffic } from './live-metrics.js';
import { TrafficGroup } from './traffic-group.js';

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
const SCRAPE_MS = 5000;
const COLORS = ['#0b5cad', '#b42318', '#1a7f37', '#9a6700', '#8250df', '#bf3989', '#1b7c83', '#57606a'];

const clock = (ms) => new Date(ms).toISOString().slice(11, 16);
const round = (v) => (v === null || v === undefined ? null : Math.round(v * 10) / 10);
const roundAll = (l) => ({ p50: round(l.p50), p95: round(l.p95), p99: round(l.p99) });
function groupName(row, by) {
  const g = row[by]; // {} for calls without one (no consumer)
  return (g && (g.name || g.username || g.id)) || '(none)';
}

/** The call log's aggregates as chart series: every bucket of the range, quiet ones as zero. */
async function fromCallLog(by, range) {
  const { span, bucket, step } = RANGES[range];
  const from = Date.now() - span;
  const q = (extra) => api.get(`/analytics/aggregates?${new URLSearchParams({ from: String(from), ...extra })}`);
  const [perGroup, overall, byGroup] = await Promise.all([q({ bucket, group_by: by }), q({ bucket }), q({ group_by: by })]);
  const starts = [];
  for (let t = Math.floor(from / step) * step; t <= Date.now(); t += step) starts.push(t);
  const names = [...new Set(perGroup.data.map((r) => groupName(r, by)))];
  const latencyAt = new Map(overall.data.map((r) => [r.bucket_start, r.latency]));
  return {
    labels: starts.map(clock),
    requests: names.map((name) => ({ name, data: starts.map((b) => perGroup.data
      .filter((r) => r.bucket_start === b && groupName(r, by) === name).reduce((n, r) => n + r.requests, 0)) })),
    latency: starts.map((b) => latencyAt.get(b) || { p50: null, p95: null, p99: null }),
    totals: byGroup.data.map((r) => ({ name: groupName(r, by), requests: r.requests, errors: r.errors,
      server_errors: r.server_errors, latency: r.latency })),
  };
}

const DAY = 24 * HOUR;
/** Requests per UTC day: the last 7 days (today last) against the 7 days before them. */
async function weeksFromCallLog() {
  const today = Math.floor(Date.now() / DAY) * DAY;
  const from = today - 13 * DAY;
  const rows = (await api.get(`/analytics/aggregates?${new URLSearchParams({ from: String(from), bucket: 'day' })}`)).data;
  const perDay = new Map();
  for (const r of rows) {
    const day = Math.floor(r.bucket_start / DAY) * DAY;
    perDay.set(day, (perDay.get(day) || 0) + r.requests);
  }
  const days = [...Array(7).keys()].map((i) => today - (6 - i) * DAY);
  return { labels: days.map((d) => new Date(d).toUTCString().slice(0, 3)),
    thisWeek: days.map((d) => perDay.get(d) || 0), lastWeek: days.map((d) => perDay.get(d - 7 * DAY) || 0) };
}

export const Traffic = {
  components: { TrafficGroup },
  setup() {
    const by = ref('service');
    const range = ref('1h');
    const source = ref(null); // 'calls' | 'metrics'
    const totals = ref([]);
    const error = ref(null);
    const canvases = { requests: ref(null), latency: ref(null), errors: ref(null), weeks: ref(null) };
    const charts = {};
    let live = null;
    const liveTraffic = shallowRef(null); // for the one-group charts
    const tick = ref(0); // bumped after each redraw, so the one-group charts follow
    let timer = null;

    function draw(Chart, name, config) {
      charts[name]?.destroy();
      charts[name] = new Chart(canvases[name].value, { ...config, options: { animation: false, responsive: true,
        maintainAspectRatio: false, spanGaps: true, scales: { y: { beginAtZero: true } } } });
    }
    async function show(series) {
      const Chart = await loadChartJs();
      totals.value = series.totals.map((t) => ({ ...t, latency: roundAll(t.latency) }));
      await nextTick();
      const color = (i) => ({ borderColor: COLORS[i % COLORS.length], backgroundColor: COLORS[i % COLORS.length] });
      draw(Chart, 'requests', { type: 'line', data: { labels: series.labels,
        datasets: series.requests.map((g, i) => ({ label: g.name, data: g.data, ...color(i) })) } });
      draw(Chart, 'latency', { type: 'line', data: { labels: series.labels, datasets: ['p50', 'p95', 'p99']
        .map((p, i) => ({ label: `${p} (ms)`, data: series.latency.map((l) => round(l[p])), ...color(i) })) } });
      draw(Chart, 'errors', { type: 'bar', data: { labels: totals.value.map((t) => t.name), datasets: [
        { label: '4xx and 5xx', backgroundColor: COLORS[3], data: totals.value.map((t) => t.errors) },
        { label: '5xx', backgroundColor: COLORS[1], data: totals.value.map((t) => t.server_errors) }] } });
      tick.value++;
    }
    async function scrape() {
      try {
        live.add(await api.get('/metrics', { text: true }));
        await show(live.series());
        error.value = null;
      } catch (e) { error.value = errorText(e); }
    }
    function startLive() {
      clearInterval(timer);
      live = new LiveTraffic(by.value);
      liveTraffic.value = live;
      source.value = 'metrics';
      scrape();
      timer = setInterval(scrape, SCRAPE_MS);
    }
    async function load() {
      error.value = null;
      if (source.value === 'metrics') return startLive();
      try {
        const series = await fromCallLog(by.value, range.value);
        source.value = 'calls';
        await show(series);
        const weeks = await weeksFromCallLog();
        draw(await loadChartJs(), 'weeks', { type: 'bar', data: { labels: weeks.labels, datasets: [
          { label: 'last 7 days', backgroundColor: COLORS[0], data: weeks.thisWeek },
          { label: 'the 7 days before', backgroundColor: COLORS[7], data: weeks.lastWeek }] } });
      } catch (e) {
        if (e.status !== 404) { error.value = errorText(e); return; }
        try {
          await api.get('/metrics', { text: true });
          startLive();
        } catch {
          error.value = 'Traffic charts need the call log (analytics = on, docs/analytics.md) or the prometheus plugin '
            + '(status_code_metrics and latency_metrics on, docs/observability.md).';
        }
      }
    }
    onMounted(load);
    onBeforeUnmount(() => { clearInterval(timer); Object.values(charts).forEach((c) => c.destroy()); });
    return { by, range, source, totals, error, load, RANGES, SCRAPE_MS, liveTraffic, tick, requestsCanvas: canvases.requests,
      latencyCanvas: canvases.latency, errorsCanvas: canvases.errors, weeksCanvas: canvases.weeks };
  },
  template: `
  <section aria-labelledby="traffic-h">
    <h1 id="traffic-h">Traffic</h1>
    <form class="filters" @submit.prevent="load">
      <label for="traffic-by">Group by</label>
      <select id="traffic-by" v-model="by" @change="load"><option value="service">service</option><option value="route">route</option><option value="consumer">consumer</option></select>
      <template v-if="source !== 'metrics'"><label for="traffic-range">Last</label>
        <select id="traffic-range" v-model="range" @change="load"><option v-for="k in Object.keys(RANGES)" :key="k" :value="k">{{ k }}</option></select></template>
      <button type="submit">Refresh</button>
    </form>
    <p v-if="source" class="hint" id="traffic-source">{{ source === 'calls' ? 'From the call log (analytics).'
      : 'Live from the Prometheus metrics of the node, one point per ' + SCRAPE_MS / 1000 + ' s while this screen is open.' }}</p>
    <p v-if="error" class="error" role="alert">{{ error }}</p>
    <p v-else-if="source && totals.length === 0" role="status">No calls {{ source === 'calls' ? 'in this range' : 'since this screen opened' }}.</p>
    <div v-show="source && !error" class="charts">
      <figure><figcaption>Requests by {{ by }}</figcaption><div class="chart"><canvas id="chart-requests" ref="requestsCanvas" role="img" :aria-label="'Requests by ' + by"></canvas></div></figure>
      <figure><figcaption>Latency percentiles (all calls)</figcaption><div class="chart"><canvas id="chart-latency" ref="latencyCanvas" role="img" aria-label="Latency percentiles"></canvas></div></figure>
      <figure><figcaption>Errors by {{ by }}</figcaption><div class="chart"><canvas id="chart-errors" ref="errorsCanvas" role="img" :aria-label="'Errors by ' + by"></canvas></div></figure>
      <figure v-show="source === 'calls'"><figcaption>This week vs last week (requests per UTC day)</figcaption><div class="chart"><canvas id="chart-weeks" ref="weeksCanvas" role="img" aria-label="Requests per day, this week against last week"></canvas></div></figure>
    </div>
    <div v-if="totals.length" class="table-wrap"><table id="traffic-totals">
      <caption>Totals by {{ by }}</caption>
      <thead><tr><th scope="col">{{ by }}</th><th scope="col">requests</th><th scope="col">errors</th><th scope="col">5xx</th>
        <th scope="col">p50 ms</th><th scope="col">p95 ms</th><th scope="col">p99 ms</th></tr></thead>
      <tbody><tr v-for="t in totals" :key="t.name"><td>{{ t.name }}</td><td>{{ t.requests }}</td><td>{{ t.errors }}</td>
        <td>{{ t.server_errors }}</td><td>{{ t.latency.p50 }}</td><td>{{ t.latency.p95 }}</td><td>{{ t.latency.p99 }}</td></tr></tbody>
    </table></div>
    <traffic-group v-if="source && totals.length" :by="by" :source="source" :range="RANGES[range]" :live="liveTraffic"
      :tick="tick" :names="totals.map((t) => t.name).filter((n) => n && n !== '(none)')"></traffic-group>
  </section>`,
};
