// The call log explorer (analytics = on, docs/analytics.md): GET /analytics/calls with its filters (time range,
// service, route, consumer, status), newest first, paged by the API's offset; one call's detail from
// GET /analytics/calls/{request_id} (headers and bodies when the call-log plugin captured them). Both go under
// the current workspace's prefix (api.js), so the screen shows that workspace's calls only.
import { ref, onMounted } from './vue.js';
import { api } from './api.js';
import { offsetPages } from './offset-pages.js';
import { href } from './router.js';
import { errorText } from './screens.js';

/** Time ranges back from now, in minutes; "custom" reads the two date inputs. */
const RANGES = [['15', 'Last 15 minutes'], ['60', 'Last hour'], ['1440', 'Last 24 hours'], ['10080', 'Last 7 days'],
  ['all', 'All'], ['custom', 'Custom']];
const TEXT_FILTERS = [['service', 'Service'], ['route', 'Route'], ['consumer', 'Consumer'], ['status', 'Status']];

const when = (ms) => new Date(ms).toISOString().replace('T', ' ').replace('Z', '');
const named = (x, key = 'name') => (x ? x[key] || x.username || x.id : '—');

/** The query of a filter form: the range as from/to epoch milliseconds, the other filters as typed. */
export function callQuery(f, now = Date.now()) {
  const q = new URLSearchParams({ size: '50' });
  if (f.range === 'custom') {
    if (f.from) q.set('from', String(new Date(f.from).getTime()));
    if (f.to) q.set('to', String(new Date(f.to).getTime()));
  } else if (f.range !== 'all') {
    q.set('from', String(now - Number(f.range) * 60_000));
  }
  for (const [k] of TEXT_FILTERS) if (f[k].trim()) q.set(k, f[k].trim());
  return q;
}

export const CallLog = {
  setup() {
    const form = ref({ range: '60', from: '', to: '', service: '', route: '', consumer: '', status: '' });
    let query = null;
    const { rows, error, next, offsets, older, newer, restart } = offsetPages((offset) => {
      const q = new URLSearchParams(query);
      if (offset) q.set('offset', offset);
      return api.get(`/analytics/calls?${q}`);
    }, errorText);
    function search() { query = callQuery(form.value); restart(); }
    onMounted(search);
    return { form, rows, error, next, offsets, search, older, newer, when, named, href, RANGES, TEXT_FILTERS };
  },
  template: `
  <section aria-labelledby="calls-h">
    <h1 id="calls-h">Call log</h1>
    <form class="filters" @submit.prevent="search" aria-label="Filters">
      <label for="calls-range">Time</label>
      <select id="calls-range" v-model="form.range"><option v-for="[v, label] in RANGES" :key="v" :value="v">{{ label }}</option></select>
      <template v-if="form.range === 'custom'">
        <label for="calls-from">From</label><input id="calls-from" type="datetime-local" v-model="form.from">
        <label for="calls-to">To</label><input id="calls-to" type="datetime-local" v-model="form.to">
      </template>
      <template v-for="[k, label] in TEXT_FILTERS" :key="k">
        <label :for="'calls-' + k">{{ label }}</label>
        <input :id="'calls-' + k" v-model="form[k]" :size="k === 'status' ? 4 : 12"
          :placeholder="k === 'status' ? '404, 5xx' : 'name or id'"></template>
      <button type="submit">Search</button>
    </form>
    <p v-if="error" class="error" role="alert">{{ error }}</p>
    <div class="table-wrap"><table id="calls">
      <caption class="visually-hidden">Calls, newest first</caption>
      <thead><tr><th scope="col">Time (UTC)</th><th scope="col">Method</th><th scope="col">Path</th><th scope="col">Status</th>
        <th scope="col">Latency (ms)</th><th scope="col">Service</th><th scope="col">Route</th><th scope="col">Consumer</th>
        <th scope="col">Request ID</th></tr></thead>
      <tbody>
        <tr v-for="c in rows" :key="c.request.id" :class="{ refused: c.response.status >= 400 }" :data-call="c.request.id">
          <td class="nowrap">{{ when(c.started_at) }}</td><td>{{ c.request.method }}</td><td class="mono">{{ c.request.uri }}</td>
          <td>{{ c.response.status }}</td><td>{{ c.latencies.request }}</td><td>{{ named(c.service) }}</td>
          <td>{{ named(c.route) }}</td><td>{{ named(c.consumer, 'username') }}</td>
          <td class="mono"><a :href="href('/calls/' + encodeURIComponent(c.request.id))">{{ c.request.id }}</a></td></tr>
        <tr v-if="rows.length === 0"><td colspan="9">No calls.</td></tr>
      </tbody>
    </table></div>
    <nav class="pager" aria-label="Pages">
      <button type="button" :disabled="offsets.length === 0" @click="newer">Newer</button>
      <button type="button" :disabled="!next" @click="older">Older</button>
    </nav>
  </section>`,
};

export const CallDetail = {
  props: ['id'],
  setup(props) {
    const call = ref(null);
    const error = ref(null);
    onMounted(async () => {
      try { call.value = await api.get(`/analytics/calls/${encodeURIComponent(props.id)}`); } catch (e) { error.value = errorText(e); }
    });
    // captured headers come as a JSON object in text (lower-case names, a repeated header as an array)
    function headers(h) {
      let map = h;
      try { if (typeof h === 'string') map = JSON.parse(h); } catch { return h; }
      return Object.entries(map).map(([k, v]) => `${k}: ${Array.isArray(v) ? v.join(', ') : v}`).join('\n');
    }
    const ms = (v) => (v === null || v === undefined || v < 0 ? '—' : v); // -1: no upstream was reached
    return { call, error, when, named, headers, ms, href };
  },
  template: `
  <section aria-labelledby="call-h">
    <h1 id="call-h">Call <span class="mono">{{ id }}</span></h1>
    <p><a :href="href('/calls')">Back to the call log</a></p>
    <p v-if="error" class="error" role="alert">{{ error }}</p>
    <template v-if="call">
      <dl class="props" id="call-props">
        <dt>Time (UTC)</dt><dd>{{ when(call.started_at) }}</dd>
        <dt>Request</dt><dd class="mono">{{ call.request.method }} {{ call.request.uri }} ({{ call.request.size }} bytes)</dd>
        <dt>Status</dt><dd>{{ call.response.status }} ({{ call.response.size }} bytes)</dd>
        <dt>Latencies (ms)</dt><dd>request {{ ms(call.latencies.request) }}, upstream {{ ms(call.latencies.proxy) }}, gateway {{ ms(call.latencies.kong) }}</dd>
        <dt>Service</dt><dd>{{ named(call.service) }}</dd><dt>Route</dt><dd>{{ named(call.route) }}</dd>
        <dt>Consumer</dt><dd>{{ named(call.consumer, 'username') }}</dd>
        <dt>Client</dt><dd>{{ call.client_ip }}</dd><dt>Upstream</dt><dd>{{ call.upstream || '—' }}</dd>
        <dt>Workspace</dt><dd>{{ call.workspace_name }}</dd>
      </dl>
      <h2>Payloads</h2>
      <p v-if="!call.request.headers && !call.response.headers" class="hint">Not captured (the call-log plugin was not on this call's route or service).</p>
      <template v-for="[side, label] in [['request', 'Request'], ['response', 'Response']]" :key="side">
        <template v-if="call[side].headers || call[side].body">
          <h3>{{ label }}</h3>
          <pre class="yaml" v-if="call[side].headers" :id="side + '-headers'">{{ headers(call[side].headers) }}</pre>
          <pre class="yaml body" v-if="call[side].body" :id="side + '-body'">{{ call[side].body }}</pre>
        </template>
      </template>
    </template>
  </section>`,
};
