import { ref, reactive, computed, watch, onMounted } from './vue.js';
import { api, session, ApiError, logIn, logInBasic, logOut, loadUserInfo, may } from './api.js';
import { go, href, route } from './router.js';
import { KINDS, columns, display, parse, title } from './entities.js';
import { prune } from './schema-form.js';

/** Loads the form schema of a kind; plugins merge the generic plugin fields with the plugin's own. */
async function schemaOf(kind, pluginName) {
  const base = await api.get(`/schemas/${KINDS[kind].schema}`);
  if (kind !== 'plugins' || !pluginName) return base.fields;
  const own = await api.get(`/schemas/plugins/${encodeURIComponent(pluginName)}`);
  const ownNames = own.fields.map((f) => Object.keys(f)[0]);
  return base.fields.filter((f) => { const n = Object.keys(f)[0]; return n !== 'name' && !ownNames.includes(n); })
    .concat(own.fields);
}

export function errorText(e) {
  if (e instanceof ApiError) return `${e.status}: ${e.message}`;
  return String(e && e.message ? e.message : e);
}

/** Token login, or with admin_gui_auth = basic-auth an RBAC user's name and password (GET /auth). */
export const Login = {
  setup() {
    const token = ref('');
    const user = ref('');
    const password = ref('');
    const error = ref(null);
    async function submit() {
      try {
        if (session.basic) {
          await logInBasic(user.value.trim(), password.value);
        } else {
          logIn(token.value);
          // /userinfo needs a valid token and no permission: a team's admin without rights in default passes too
          await api.get('/userinfo', { global: true }).catch((e) => { if (!(e instanceof ApiError && e.status === 404)) throw e; });
          await loadUserInfo();
        }
        error.value = null;
        go('/');
      } catch (e) {
        logOut();
        const refused = session.basic ? 'Wrong user name or password.' : 'The Admin API refused this token.';
        error.value = e instanceof ApiError && e.status === 401 ? refused : errorText(e);
      }
    }
    return { token, user, password, error, submit, session };
  },
  template: `
  <section class="login" aria-labelledby="login-h">
    <h1 id="login-h">Log in</h1>
    <p v-if="session.basic">Log in as an RBAC user with its password.</p>
    <p v-else>The Admin API needs an RBAC token (sent as {{ session.header }}).</p>
    <form @submit.prevent="submit">
      <template v-if="session.basic">
        <label for="user">User name</label>
        <input id="user" v-model="user" autocomplete="username" required>
        <label for="password">Password</label>
        <input id="password" type="password" v-model="password" autocomplete="current-password" required>
      </template>
      <template v-else>
        <label for="token">Admin token</label>
        <input id="token" type="password" v-model="token" autocomplete="current-password" required>
      </template>
      <p v-if="error" class="error" role="alert">{{ error }}</p>
      <button type="submit">Log in</button>
    </form>
  </section>`,
};

export const Overview = {
  setup() {
    const info = ref(null);
    const status = ref(null);
    const error = ref(null);
    onMounted(async () => {
      try {
        [info.value, status.value] = await Promise.all([api.get('/'), api.get('/status')]);
      } catch (e) { error.value = errorText(e); }
    });
    return { info, status, error };
  },
  template: `
  <section aria-labelledby="ov-h">
    <h1 id="ov-h">Overview</h1>
    <p v-if="error" class="error" role="alert">{{ error }}</p>
    <div v-if="info" class="cards">
      <dl class="card"><dt>Node</dt><dd>{{ info.hostname }}</dd><dt>Node ID</dt><dd class="mono">{{ info.node_id }}</dd>
        <dt>Version</dt><dd>{{ info.version }}</dd><dt>Database</dt><dd>{{ info.configuration && info.configuration.database }}</dd></dl>
      <dl v-if="status" class="card"><dt>Configuration hash</dt><dd class="mono">{{ status.configuration_hash }}</dd>
        <dt>Active connections</dt><dd>{{ status.server && status.server.connections_active }}</dd>
        <dt>Accepted connections</dt><dd>{{ status.server && status.server.connections_accepted }}</dd>
        <dt>Total requests</dt><dd>{{ status.server && status.server.total_requests }}</dd>
        <dt>Database reachable</dt><dd>{{ status.database && status.database.reachable }}</dd></dl>
    </div>
    <nav aria-label="Entities" class="tiles">
      <a v-for="k in ['services','routes','consumers','plugins','upstreams','certificates','snis','ca_certificates']" :key="k" :href="'#/e/' + k">{{ k }}</a>
    </nav>
  </section>`,
};

export const EntityList = {
  props: ['target'],
  setup(props) {
    const rows = ref([]);
    const cols = ref([]);
    const next = ref(null);
    const pages = ref([]); // offsets of earlier pages, for "Previous"
    const tags = ref('');
    const search = ref('');
    const error = ref(null);
    const health = ref({});
    const kind = computed(() => KINDS[props.target.kind]);
    async function load(offset) {
      error.value = null;
      try {
        const schema = await api.get(`/schemas/${kind.value.schema}`);
        cols.value = columns(schema.fields);
        const q = new URLSearchParams({ size: '20' });
        if (offset) q.set('offset', offset);
        if (tags.value.trim()) q.set('tags', tags.value.trim());
        const page = await api.get(`${props.target.collection}?${q}`);
        rows.value = page.data;
        next.value = page.offset || null;
        if (props.target.kind === 'targets' && props.target.parent) {
          const h = await api.get(`/upstreams/${props.target.parent.id}/health`).catch(() => ({ data: [] }));
          health.value = Object.fromEntries((h.data || []).map((t) => [t.target, t.health]));
        }
      } catch (e) { error.value = errorText(e); rows.value = []; }
    }
    const shown = computed(() => {
      const s = search.value.trim().toLowerCase();
      return s ? rows.value.filter((r) => JSON.stringify(r).toLowerCase().includes(s)) : rows.value;
    });
    function nextPage() { pages.value.push(currentOffset); currentOffset = next.value; load(currentOffset); }
    function prevPage() { currentOffset = pages.value.pop() || null; load(currentOffset); }
    let currentOffset = null;
    watch(() => props.target.collection, () => { pages.value = []; currentOffset = null; load(null); }, { immediate: true });
    return { rows, cols, next, pages, tags, search, error, health, kind, shown, load, nextPage, prevPage, display, title, href, session, may };
  },
  template: `
  <section aria-labelledby="list-h">
    <div class="bar">
      <h1 id="list-h">{{ kind.label }}<span v-if="target.parent" class="sub"> of {{ target.parent.kind }} {{ target.parent.id }}</span></h1>
      <a v-if="may('create', target.collection, target.parent && target.parent.id)" class="button" :href="href('/e' + target.collection + '/new')">New {{ target.kind }}</a>
    </div>
    <form class="filters" role="search" @submit.prevent="load(null)">
      <label for="search">Search this page</label><input id="search" type="search" v-model="search">
      <label for="tags">Tags</label><input id="tags" v-model="tags" placeholder="a,b (and) or a/b (or)">
      <button type="submit">Filter</button>
    </form>
    <p v-if="error" class="error" role="alert">{{ error }}</p>
    <div class="table-wrap">
    <table>
      <caption class="visually-hidden">{{ kind.label }}</caption>
      <thead><tr><th scope="col">ID</th><th v-for="c in cols" :key="c" scope="col">{{ c }}</th>
        <th v-if="target.kind === 'targets'" scope="col">health</th></tr></thead>
      <tbody>
        <tr v-for="r in shown" :key="r.id">
          <td><a :href="href('/e' + target.collection + '/' + r.id)">{{ title(r) }}</a></td>
          <td v-for="c in cols" :key="c">{{ display(r[c]) }}</td>
          <td v-if="target.kind === 'targets'">{{ health[r.target] || '' }}</td>
        </tr>
        <tr v-if="shown.length === 0 && !error"><td :colspan="cols.length + 1">None yet.</td></tr>
      </tbody>
    </table>
    </div>
    <nav class="pager" aria-label="Pages">
      <button type="button" :disabled="pages.length === 0" @click="prevPage">Previous</button>
      <button type="button" :disabled="!next" @click="nextPage">Next</button>
    </nav>
  </section>`,
};

/** Create (target.isNew) or edit an entity; plugins first pick a name, then get their own form. */
export const EntityForm = {
  props: ['target', 'entity'],
  emits: ['saved'],
  setup(props, { emit }) {
    const fields = ref(null);
    const value = ref({});
    const errors = ref({});
    const message = ref(null);
    const pluginName = ref(props.entity ? props.entity.name : '');
    const enabledPlugins = ref([]);
    const isPlugin = props.target.kind === 'plugins';
    const omit = computed(() => {
      const o = props.target.parent ? [props.target.parent.kind.replace(/s$/, '')] : [];
      if (isPlugin) o.push('name');
      return o;
    });
    async function loadSchema() {
      try {
        fields.value = await schemaOf(props.target.kind, isPlugin ? pluginName.value : null);
      } catch (e) { message.value = errorText(e); }
    }
    onMounted(async () => {
      if (props.entity) {
        const copy = { ...props.entity };
        for (const k of ['id', 'created_at', 'updated_at']) delete copy[k];
        value.value = copy;
      }
      if (isPlugin && !props.entity) {
        const en = await api.get('/plugins/enabled').catch(() => ({ enabled_plugins: [] }));
        enabledPlugins.value = [...en.enabled_plugins].sort();
        return;
      }
      await loadSchema();
    });
    async function choosePlugin() { fields.value = null; if (pluginName.value) await loadSchema(); }
    async function save() {
      errors.value = {};
      message.value = null;
      const body = prune(value.value);
      if (isPlugin) body.name = pluginName.value;
      try {
        const saved = props.entity
          ? await api.patch(`${props.target.collection}/${props.entity.id}`, body)
          : await api.post(props.target.collection, body);
        emit('saved', saved);
      } catch (e) {
        message.value = errorText(e);
        if (e instanceof ApiError) errors.value = e.fields;
      }
    }
    const entityErrors = computed(() => {
      const v = errors.value['@entity'];
      return Array.isArray(v) ? v : v ? [v] : [];
    });
    return { fields, value, errors, message, pluginName, enabledPlugins, isPlugin, omit, choosePlugin, save, entityErrors };
  },
  template: `
  <form class="entity-form" @submit.prevent="save" novalidate>
    <div v-if="isPlugin && !entity" class="field">
      <label for="plugin-name">Plugin</label>
      <select id="plugin-name" v-model="pluginName" @change="choosePlugin" required>
        <option value="">Choose a plugin…</option>
        <option v-for="p in enabledPlugins" :key="p" :value="p">{{ p }}</option>
      </select>
    </div>
    <div v-if="message" class="error" role="alert"><p>{{ message }}</p>
      <ul v-if="entityErrors.length"><li v-for="m in entityErrors" :key="m">{{ m }}</li></ul></div>
    <schema-fields v-if="fields" :fields="fields" v-model="value" :errors="errors" id-base="f" :omit="omit" />
    <button v-if="fields" type="submit">{{ entity ? 'Save' : 'Create' }}</button>
  </form>`,
};

export const EntityDetail = {
  props: ['target'],
  setup(props) {
    const entity = ref(null);
    const error = ref(null);
    const editing = ref(false);
    const kind = computed(() => KINDS[props.target.kind]);
    const path = computed(() => `${props.target.collection}/${props.target.id}`);
    async function load() {
      try { entity.value = await api.get(path.value); error.value = null; } catch (e) { error.value = errorText(e); }
    }
    async function remove() {
      if (!window.confirm(`Delete ${props.target.kind} ${title(entity.value)}?`)) return;
      try { await api.del(path.value); go('/e' + props.target.collection); } catch (e) { error.value = errorText(e); }
    }
    function saved(e) { entity.value = e; editing.value = false; }
    watch(path, load, { immediate: true });
    return { entity, error, editing, kind, path, remove, saved, display, title, href, session, may };
  },
  template: `
  <section aria-labelledby="detail-h">
    <p v-if="error" class="error" role="alert">{{ error }}</p>
    <template v-if="entity">
      <div class="bar">
        <h1 id="detail-h">{{ target.kind }} {{ title(entity) }}</h1>
        <div class="actions">
          <button v-if="may('update', path, entity.id)" type="button" @click="editing = !editing" :aria-expanded="editing">{{ editing ? 'Cancel' : 'Edit' }}</button>
          <button v-if="may('delete', path, entity.id)" type="button" class="danger" @click="remove">Delete</button>
        </div>
      </div>
      <entity-form v-if="editing" :target="target" :entity="entity" @saved="saved" />
      <dl v-else class="props">
        <template v-for="(v, k) in entity" :key="k"><dt>{{ k }}</dt><dd class="mono">{{ typeof v === 'object' && v !== null && !Array.isArray(v) ? JSON.stringify(v) : display(v) }}</dd></template>
      </dl>
      <nav v-if="kind.children.length" aria-label="Related" class="tiles">
        <a v-for="c in kind.children" :key="c" :href="href('/e/' + target.kind + '/' + entity.id + '/' + c)">{{ c }}</a>
      </nav>
    </template>
  </section>`,
};

export const EntityCreate = {
  props: ['target'],
  setup(props) {
    function saved(e) { go('/e' + props.target.collection + '/' + e.id); }
    return { saved, KINDS };
  },
  template: `
  <section aria-labelledby="new-h">
    <h1 id="new-h">New {{ target.kind }}<span v-if="target.parent" class="sub"> for {{ target.parent.kind }} {{ target.parent.id }}</span></h1>
    <entity-form :target="target" @saved="saved" />
  </section>`,
};

export { parse, route };
