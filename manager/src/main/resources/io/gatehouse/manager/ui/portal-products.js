// The developer portal's API products (operator Admin API /portal/products, docs/portal.md): list, create
// and edit, with plans (rate-limit tiers in rate-limiting's window names) and the OpenAPI text, or the
// openapi_url the node fetches it from (on save when it changes, and on "Fetch now").
import { ref, computed, onMounted } from './vue.js';
import { api, may } from './api.js';
import { href, go } from './router.js';
import { errorText } from './screens.js';

const WINDOWS = ['second', 'minute', 'hour', 'day', 'month', 'year'];

const listOf = (text) => text.split(',').map((s) => s.trim()).filter((s) => s);
const when = (s) => (s ? new Date(s * 1000).toISOString().replace('T', ' ').replace(/\.\d+Z$/, 'Z') : 'never');
const limits = (plan) => WINDOWS.filter((w) => plan[w]).map((w) => `${plan[w]}/${w}`).join(', ') || 'unlimited';

/** A plan row of the form: every window as text, so an empty one is simply left out. */
function planRow(plan = {}) {
  return Object.fromEntries([['name', plan.name || ''], ...WINDOWS.map((w) => [w, plan[w] ? String(plan[w]) : ''])]);
}

function planBody(row) {
  const plan = { name: row.name.trim() };
  for (const w of WINDOWS) if (row[w].trim() !== '') plan[w] = Number(row[w]);
  return plan;
}

export const PortalProducts = {
  setup() {
    const products = ref([]);
    const error = ref(null);
    onMounted(async () => {
      try { products.value = (await api.get('/portal/products')).data; } catch (e) { error.value = errorText(e); }
    });
    const plans = (p) => (p.plans || []).map((x) => `${x.name} (${limits(x)})`).join('; ');
    return { products, error, plans, href, may };
  },
  template: `
  <section aria-labelledby="products-h">
    <div class="bar"><h1 id="products-h">API products</h1>
      <a v-if="may('create', '/portal/products')" class="button" :href="href('/portal/products/new')">New product</a></div>
    <p v-if="error" class="error" role="alert">{{ error }}</p>
    <div class="table-wrap"><table>
      <caption class="visually-hidden">API products</caption>
      <thead><tr><th scope="col">Name</th><th scope="col">Version</th><th scope="col">Plans</th><th scope="col">Auto-approve</th>
        <th scope="col">OpenAPI</th></tr></thead>
      <tbody>
        <tr v-for="p in products" :key="p.id"><td><a :href="href('/portal/products/' + p.id)">{{ p.name }}</a></td>
          <td>{{ p.version }}</td><td>{{ plans(p) }}</td><td>{{ p.auto_approve }}</td><td>{{ p.has_openapi ? 'yes' : 'no' }}</td></tr>
        <tr v-if="products.length === 0"><td colspan="5">None yet.</td></tr>
      </tbody>
    </table></div>
  </section>`,
};

/** Create (id null) or edit one product. Services and routes are fixed once created (the API refuses a change). */
export const PortalProductForm = {
  props: ['id'],
  setup(props) {
    const creating = computed(() => !props.id);
    const form = ref({ name: '', description: '', version: '', services: '', routes: '', openapi: '', openapi_url: '',
      auto_approve: false, auth: 'key-auth' });
    const loaded = ref({ openapi_url: '', openapi_fetched_at: null }); // as stored: a changed URL is fetched on save
    const plans = ref([planRow({ name: 'default' })]);
    const fields = ref({});
    const error = ref(null);
    const saved = ref(null);
    async function load() {
      if (creating.value) return;
      try {
        const p = await api.get(`/portal/products/${encodeURIComponent(props.id)}`);
        form.value = { name: p.name, description: p.description || '', version: p.version || '',
          services: (p.service_ids || []).join(', '), routes: (p.route_ids || []).join(', '),
          openapi: p.openapi || '', openapi_url: p.openapi_url || '', auto_approve: !!p.auto_approve,
          auth: p.auth || 'key-auth' };
        loaded.value = { openapi_url: p.openapi_url || '', openapi_fetched_at: p.openapi_fetched_at };
        plans.value = (p.plans || []).map(planRow);
      } catch (e) { error.value = errorText(e); }
    }
    function body() {
      const f = form.value;
      const b = { name: f.name.trim(), description: f.description, version: f.version, auto_approve: f.auto_approve,
        plans: plans.value.filter((r) => r.name.trim() !== '').map(planBody) };
      const url = f.openapi_url.trim();
      const text = f.openapi.trim() === '' ? null : f.openapi;
      if (url !== loaded.value.openapi_url) {
        // a new URL: the node fetches the document, which replaces the text shown (the API takes one or the other)
        b.openapi_url = url || null;
        if (!url || creating.value) b.openapi = text;
      } else {
        b.openapi = text; // the same text keeps a fetched document's URL; another text replaces it
      }
      if (creating.value) { b.service_ids = listOf(f.services); b.route_ids = listOf(f.routes); b.auth = f.auth; }
      return b;
    }
    async function save() {
      saved.value = null;
      try {
        const p = creating.value ? await api.post('/portal/products', body())
          : await api.patch(`/portal/products/${encodeURIComponent(props.id)}`, body());
        fields.value = {}; error.value = null;
        if (creating.value) { go(`/portal/products/${p.id}`); return; }
        await load(); // a fetched document (or a dropped URL) shows as stored
        saved.value = 'Product saved.';
      } catch (e) { fields.value = e.fields || {}; error.value = errorText(e); }
    }
    async function fetchNow() {
      saved.value = null;
      try {
        await api.post(`/portal/products/${encodeURIComponent(props.id)}/openapi/fetch`, {});
        await load();
        error.value = null;
        saved.value = `OpenAPI document fetched from ${loaded.value.openapi_url}.`;
      } catch (e) { error.value = errorText(e); }
    }
    async function remove() {
      if (!window.confirm(`Delete product ${form.value.name}, its subscriptions and their grants?`)) return;
      try { await api.del(`/portal/products/${encodeURIComponent(props.id)}`); go('/portal/products'); } catch (e) { error.value = errorText(e); }
    }
    const fieldError = (name) => (typeof fields.value[name] === 'string' ? fields.value[name] : fields.value[name] && JSON.stringify(fields.value[name]));
    const own = computed(() => `/portal/products/${encodeURIComponent(props.id)}`);
    const maySave = computed(() => (creating.value ? may('create', '/portal/products') : may('update', own.value)));
    onMounted(load);
    return { creating, form, loaded, plans, WINDOWS, error, saved, save, fetchNow, remove, fieldError, own, maySave, may, when,
      addPlan: () => plans.value.push(planRow()), dropPlan: (i) => plans.value.splice(i, 1) };
  },
  template: `
  <section aria-labelledby="product-h">
    <div class="bar"><h1 id="product-h">{{ creating ? 'New API product' : 'API product ' + form.name }}</h1>
      <button v-if="!creating && may('delete', own)" type="button" class="danger" @click="remove">Delete product</button></div>
    <p v-if="error" class="error" role="alert">{{ error }}</p>
    <p v-if="saved" class="notice" role="status">{{ saved }}</p>
    <form @submit.prevent="save" class="product-form">
      <div v-for="f in [['name', 'Name'], ['description', 'Description'], ['version', 'Version']]" :key="f[0]"
        class="field" :class="{ invalid: fieldError(f[0]) }">
        <label :for="'product-' + f[0]">{{ f[1] }}</label>
        <input :id="'product-' + f[0]" v-model="form[f[0]]" :aria-invalid="!!fieldError(f[0])"
          :aria-describedby="fieldError(f[0]) ? 'product-' + f[0] + '-err' : null">
        <span v-if="fieldError(f[0])" :id="'product-' + f[0] + '-err'" class="error" role="alert">{{ fieldError(f[0]) }}</span>
      </div>
      <div v-for="f in [['services', 'Services', 'service_ids'], ['routes', 'Routes', 'route_ids']]" :key="f[0]"
        class="field" :class="{ invalid: fieldError(f[2]) }">
        <label :for="'product-' + f[0]">{{ f[1] }} <span class="hint">{{ creating ? '(names or ids, comma-separated)' : '(fixed once created)' }}</span></label>
        <input :id="'product-' + f[0]" v-model="form[f[0]]" :readonly="!creating" :aria-invalid="!!fieldError(f[2])">
        <span v-if="fieldError(f[2])" class="error" role="alert">{{ fieldError(f[2]) }}</span>
      </div>
      <div class="field" :class="{ invalid: fieldError('auth') }">
        <label for="product-auth">Callers authenticate with <span class="hint">{{ creating ? '' : '(fixed once created)' }}</span></label>
        <select id="product-auth" v-model="form.auth" :disabled="!creating" :aria-invalid="!!fieldError('auth')">
          <option value="key-auth">an application key (key-auth)</option>
          <option value="oauth2">an OAuth 2.0 token, client credentials (oauth2)</option>
        </select>
        <span v-if="fieldError('auth')" class="error" role="alert">{{ fieldError('auth') }}</span>
      </div>
      <fieldset class="plans"><legend>Plans <span class="hint">(empty windows: unlimited)</span></legend>
        <div v-for="(p, i) in plans" :key="i" class="plan">
          <label :for="'plan-' + i + '-name'">Plan name</label><input :id="'plan-' + i + '-name'" v-model="p.name" size="10">
          <span v-for="w in WINDOWS" :key="w" class="window"><label :for="'plan-' + i + '-' + w" class="inline">{{ w }}</label>
            <input :id="'plan-' + i + '-' + w" v-model="p[w]" inputmode="numeric" size="5"></span>
          <button type="button" class="small" @click="dropPlan(i)" :aria-label="'Remove plan ' + (p.name || i + 1)">Remove</button>
        </div>
        <button type="button" class="small" @click="addPlan">Add plan</button>
        <span v-if="fieldError('plans')" class="error" role="alert">{{ fieldError('plans') }}</span>
      </fieldset>
      <div class="field" :class="{ invalid: fieldError('openapi_url') }">
        <label for="product-openapi-url">OpenAPI URL <span class="hint">(optional: a URL, or a path on the product's service, such as
          /openapi.yaml; fetched when saved with a new value)</span></label>
        <input id="product-openapi-url" v-model="form.openapi_url" inputmode="url" :aria-invalid="!!fieldError('openapi_url')"
          :aria-describedby="'product-openapi-url-state' + (fieldError('openapi_url') ? ' product-openapi-url-err' : '')">
        <span id="product-openapi-url-state" class="hint">{{ loaded.openapi_url ? 'Last fetched (UTC): ' + when(loaded.openapi_fetched_at) : 'Not fetched: the text below is the document.' }}</span>
        <span v-if="fieldError('openapi_url')" id="product-openapi-url-err" class="error" role="alert">{{ fieldError('openapi_url') }}</span>
        <button v-if="!creating && may('update', own) && loaded.openapi_url" type="button" class="small" @click="fetchNow">Fetch now</button>
      </div>
      <div class="field" :class="{ invalid: fieldError('openapi') }">
        <label for="product-openapi">OpenAPI document <span class="hint">(JSON or YAML, optional)</span></label>
        <textarea id="product-openapi" v-model="form.openapi" rows="10" class="mono"></textarea>
        <span v-if="fieldError('openapi')" class="error" role="alert">{{ fieldError('openapi') }}</span>
      </div>
      <div class="field"><input type="checkbox" id="product-auto" v-model="form.auto_approve">
        <label for="product-auto" class="inline">Approve subscriptions automatically</label></div>
      <button v-if="maySave" type="submit">{{ creating ? 'Create product' : 'Save product' }}</button>
    </form>
  </section>`,
};
