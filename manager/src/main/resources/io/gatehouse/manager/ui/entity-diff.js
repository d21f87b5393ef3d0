// The per-entity preview of an import: POST /declarative?dry_run=true's {created, updated, deleted},
// one row per entity, grouped by entity type (parents before children, as the API orders them).
import { computed } from './vue.js';

const KINDS = [['created', 'create'], ['updated', 'update'], ['deleted', 'delete']];

export const EntityDiff = {
  props: { diff: { type: Object, required: true } },
  setup(props) {
    const rows = computed(() => {
      const out = [];
      for (const [key, change] of KINDS) {
        for (const e of props.diff[key] || []) out.push({ change, ...e });
      }
      const order = [];
      out.forEach((r) => { if (!order.includes(r.table)) order.push(r.table); });
      return out.sort((a, b) => order.indexOf(a.table) - order.indexOf(b.table));
    });
    const count = (key) => (props.diff[key] || []).length;
    return { rows, count };
  },
  template: `
  <div>
    <p id="entity-diff-summary" role="status">{{ count('created') }} created, {{ count('updated') }} updated,
      {{ count('deleted') }} deleted</p>
    <table v-if="rows.length" id="entity-diff">
      <caption>Changes by entity</caption>
      <thead><tr><th scope="col">Change</th><th scope="col">Type</th><th scope="col">Name</th><th scope="col">Id</th>
        <th scope="col">Changed fields</th></tr></thead>
      <tbody>
        <tr v-for="r in rows" :key="r.change + r.table + r.id" :class="'change-' + r.change">
          <td>{{ r.change }}</td><td>{{ r.table }}</td><td>{{ r.name }}</td><td><code>{{ r.id }}</code></td>
          <td>{{ (r.fields || []).join(', ') }}</td>
        </tr>
      </tbody>
    </table>
  </div>`,
};
