// The audit log (GET /audit/requests, newest first; audit_log = on): every Admin API write, allowed or not.
import { onMounted } from './vue.js';
import { offsetPages } from './offset-pages.js';
import { api } from './api.js';
import { errorText } from './screens.js';

export const AuditLog = {
  setup() {
    const { rows, error, next, offsets, load, older, newer } = offsetPages((offset) => {
      const q = new URLSearchParams({ size: '50' });
      if (offset) q.set('offset', offset);
      return api.get(`/audit/requests?${q}`);
    }, (e) => (e.status === 404 ? 'The audit log is off on this node (audit_log = off).' : errorText(e)));
    const when = (s) => new Date(s * 1000).toISOString().replace('T', ' ').replace(/\.\d+Z$/, 'Z');
    onMounted(() => load(null));
    return { rows, error, next, offsets, older, newer, when };
  },
  template: `
  <section aria-labelledby="audit-h">
    <h1 id="audit-h">Audit log</h1>
    <p v-if="error" class="error" role="alert">{{ error }}</p>
    <div class="table-wrap"><table>
      <caption class="visually-hidden">Admin API writes, newest first</caption>
      <thead><tr><th scope="col">Time (UTC)</th><th scope="col">User</th><th scope="col">Method</th><th scope="col">Path</th>
        <th scope="col">Status</th><th scope="col">Client</th><th scope="col">Request ID</th></tr></thead>
      <tbody>
        <tr v-for="r in rows" :key="r.request_id" :class="{ refused: r.status >= 400 }">
          <td class="nowrap">{{ when(r.request_timestamp) }}</td><td>{{ r.rbac_user_name || '—' }}</td><td>{{ r.method }}</td>
          <td class="mono">{{ r.path }}</td><td>{{ r.status }}</td><td>{{ r.client_ip }}</td><td class="mono">{{ r.request_id }}</td></tr>
        <tr v-if="rows.length === 0"><td colspan="7">No records.</td></tr>
      </tbody>
    </table></div>
    <nav class="pager" aria-label="Pages">
      <button type="button" :disabled="offsets.length === 0" @click="newer">Newer</button>
      <button type="button" :disabled="!next" @click="older">Older</button>
    </nav>
  </section>`,
};
