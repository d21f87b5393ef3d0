// The developer portal's decisions (docs/portal.md): developer accounts (approve, reject) and subscriptions
// (approve, reject, revoke). Each decision is a PATCH {"status": …} of the row; the Admin API writes the
// grants the proxy enforces, so an approval or a revocation reaches the proxy at once. Also: deleting a developer
// (with its applications) or an application (its consumer and key go), and moving a subscription to another plan.
import { ref, computed, onMounted } from './vue.js';
import { api, may } from './api.js';
import { errorText } from './screens.js';

const when = (s) => (s ? new Date(s * 1000).toISOString().replace('T', ' ').replace(/\.\d+Z$/, 'Z') : '—');

/** The decisions a row in a given state offers, as [status to PATCH, button label]. */
const DEVELOPER_ACTIONS = { pending: [['approved', 'Approve'], ['rejected', 'Reject']], approved: [['rejected', 'Reject']],
  rejected: [['approved', 'Approve']] };
const SUBSCRIPTION_ACTIONS = { requested: [['approved', 'Approve'], ['rejected', 'Reject']], approved: [['revoked', 'Revoke']],
  rejected: [['approved', 'Approve']], revoked: [['approved', 'Approve']] };

export const PortalDevelopers = {
  setup() {
    const developers = ref([]);
    const error = ref(null);
    const notice = ref(null);
    async function load() {
      try { developers.value = (await api.get('/portal/developers')).data; error.value = null; } catch (e) { error.value = errorText(e); }
    }
    async function decide(d, status) {
      try {
        await api.patch(`/portal/developers/${encodeURIComponent(d.id)}`, { status });
        await load(); // the notice comes with the new state, not before it
        notice.value = `${d.email}: ${status}.`;
      } catch (e) { error.value = errorText(e); }
    }
    async function remove(d) {
      if (!window.confirm(`Delete the account ${d.email} with all its applications? Their keys stop working at once.`)) return;
      try {
        await api.del(`/portal/developers/${encodeURIComponent(d.id)}`);
        await load();
        notice.value = `${d.email}: deleted.`;
      } catch (e) { error.value = errorText(e); }
    }
    // as the entity screens: an action is shown where the user may send it (a PATCH or DELETE of the row's path)
    const own = (d) => `/portal/developers/${encodeURIComponent(d.id)}`;
    const mayDecide = (d) => may('update', own(d));
    const mayDelete = (d) => may('delete', own(d));
    const anyAction = computed(() => developers.value.some((d) => mayDecide(d) || mayDelete(d)));
    onMounted(load);
    return { developers, error, notice, decide, remove, when, mayDelete, anyAction,
      actions: (d) => (mayDecide(d) ? DEVELOPER_ACTIONS[d.status] || [] : []) };
  },
  template: `
  <section aria-labelledby="developers-h">
    <h1 id="developers-h">Developers</h1>
    <p v-if="error" class="error" role="alert">{{ error }}</p>
    <p v-if="notice" class="notice" role="status">{{ notice }}</p>
    <div class="table-wrap"><table>
      <caption class="visually-hidden">Developer accounts</caption>
      <thead><tr><th scope="col">E-mail</th><th scope="col">Status</th><th scope="col">Signed up (UTC)</th>
        <th v-if="anyDecision" scope="col">Decision</th></tr></thead>
      <tbody>
        <tr v-for="d in developers" :key="d.id" :data-developer="d.email"><td>{{ d.email }}</td>
          <td><span class="state" :class="'state-' + d.status">{{ d.status }}</span></td><td class="nowrap">{{ when(d.created_at) }}</td>
          <td v-if="anyAction"><button v-for="[s, label] in actions(d)" :key="s" type="button" class="small"
            :class="{ danger: s !== 'approved' }" :aria-label="label + ' ' + d.email" @click="decide(d, s)">{{ label }}</button>
            <button v-if="mayDelete(d)" type="button" class="small danger" :aria-label="'Delete ' + d.email" @click="remove(d)">Delete</button></td></tr>
        <tr v-if="developers.length === 0"><td colspan="4">No developers yet.</td></tr>
      </tbody>
    </table></div>
  </section>`,
};

export const PortalSubscriptions = {
  setup() {
    const rows = ref([]);
    const names = ref({ products: {}, applications: {}, developers: {} });
    const status = ref('');
    const plans = ref({}); // the plan chosen in each row's select, by subscription id
    const error = ref(null);
    const notice = ref(null);
    const byId = (list, key) => Object.fromEntries(list.map((x) => [x.id, x[key] !== undefined ? x[key] : x]));
    async function load() {
      try {
        const q = status.value ? `?status=${encodeURIComponent(status.value)}` : '';
        const [subs, products, apps, devs] = await Promise.all([api.get(`/portal/subscriptions${q}`),
          api.get('/portal/products'), api.get('/portal/applications'), api.get('/portal/developers')]);
        names.value = { products: byId(products.data), applications: byId(apps.data), developers: byId(devs.data, 'email') };
        plans.value = Object.fromEntries(subs.data.map((s) => [s.id, s.plan]));
        rows.value = subs.data;
        error.value = null;
      } catch (e) { error.value = errorText(e); }
    }
    async function decide(s, to) {
      try {
        await api.patch(`/portal/subscriptions/${encodeURIComponent(s.id)}`, { status: to });
        await load();
        notice.value = `${application(s)} → ${product(s)}: ${to}.`;
      } catch (e) { error.value = errorText(e); }
    }
    async function changePlan(s) {
      const plan = plans.value[s.id];
      try {
        await api.patch(`/portal/subscriptions/${encodeURIComponent(s.id)}`, { plan });
        await load();
        notice.value = `${application(s)} → ${product(s)}: plan ${plan}.`;
      } catch (e) { error.value = errorText(e); }
    }
    const product = (s) => (names.value.products[s.product.id] || {}).name || s.product.id;
    const planNames = (s) => ((names.value.products[s.product.id] || {}).plans || []).map((p) => p.name);
    const application = (s) => (names.value.applications[s.application.id] || {}).name || s.application.id;
    const developer = (s) => {
      const app = names.value.applications[s.application.id];
      return (app && names.value.developers[app.developer.id]) || '—';
    };
    const mayDecide = (s) => may('update', `/portal/subscriptions/${encodeURIComponent(s.id)}`);
    const anyDecision = computed(() => rows.value.some(mayDecide));
    onMounted(load);
    return { rows, status, plans, error, notice, load, decide, changePlan, planNames, product, application, developer, when,
      anyDecision, mayDecide, actions: (s) => (mayDecide(s) ? SUBSCRIPTION_ACTIONS[s.status] || [] : []), STATES: Object.keys(SUBSCRIPTION_ACTIONS) };
  },
  template: `
  <section aria-labelledby="subs-h">
    <h1 id="subs-h">Subscriptions</h1>
    <div class="filters"><label for="subs-status">Status</label>
      <select id="subs-status" v-model="status" @change="load"><option value="">all</option>
        <option v-for="s in STATES" :key="s" :value="s">{{ s }}</option></select></div>
    <p v-if="error" class="error" role="alert">{{ error }}</p>
    <p v-if="notice" class="notice" role="status">{{ notice }}</p>
    <div class="table-wrap"><table>
      <caption class="visually-hidden">Subscriptions</caption>
      <thead><tr><th scope="col">Application</th><th scope="col">Developer</th><th scope="col">Product</th><th scope="col">Plan</th>
        <th scope="col">Status</th><th scope="col">Requested (UTC)</th><th v-if="anyDecision" scope="col">Decision</th></tr></thead>
      <tbody>
        <tr v-for="s in rows" :key="s.id" :data-subscription="s.id"><td>{{ application(s) }}</td><td>{{ developer(s) }}</td>
          <td>{{ product(s) }}</td>
          <td><span v-if="!mayDecide(s) || planNames(s).length < 2">{{ s.plan }}</span>
            <span v-else class="nowrap"><label :for="'plan-' + s.id" class="visually-hidden">Plan of {{ application(s) }} on {{ product(s) }}</label>
              <select :id="'plan-' + s.id" v-model="plans[s.id]"><option v-for="p in planNames(s)" :key="p" :value="p">{{ p }}</option></select>
              <button type="button" class="small" :disabled="plans[s.id] === s.plan"
                :aria-label="'Change the plan of ' + application(s) + ' on ' + product(s)" @click="changePlan(s)">Change</button></span></td><td><span class="state" :class="'state-' + s.status">{{ s.status }}</span></td>
          <td class="nowrap">{{ when(s.created_at) }}</td>
          <td v-if="anyDecision"><button v-for="[to, label] in actions(s)" :key="to" type="button" class="small"
            :class="{ danger: to !== 'approved' }" :aria-label="label + ' ' + application(s) + ' on ' + product(s)"
            @click="decide(s, to)">{{ label }}</button></td></tr>
        <tr v-if="rows.length === 0"><td colspan="7">No subscriptions.</td></tr>
      </tbody>
    </table></div>
  </section>`,
};

/** The developers' applications in this workspace (each a consumer with a key): list and delete. */
export const PortalApplications = {
  setup() {
    const rows = ref([]);
    const developers = ref({});
    const error = ref(null);
    const notice = ref(null);
    async function load() {
      try {
        const [apps, devs] = await Promise.all([api.get('/portal/applications'), api.get('/portal/developers')]);
        developers.value = Object.fromEntries(devs.data.map((d) => [d.id, d.email]));
        rows.value = apps.data;
        error.value = null;
      } catch (e) { error.value = errorText(e); }
    }
    const developer = (a) => developers.value[a.developer.id] || a.developer.id;
    async function remove(a) {
      if (!window.confirm(`Delete application ${a.name} of ${developer(a)}? Its key stops working at once.`)) return;
      try {
        await api.del(`/portal/applications/${encodeURIComponent(a.id)}`);
        await load();
        notice.value = `${a.name} (${developer(a)}): deleted.`;
      } catch (e) { error.value = errorText(e); }
    }
    const mayDelete = (a) => may('delete', `/portal/applications/${encodeURIComponent(a.id)}`);
    const anyDelete = computed(() => rows.value.some(mayDelete));
    onMounted(load);
    return { rows, error, notice, remove, developer, when, mayDelete, anyDelete };
  },
  template: `
  <section aria-labelledby="apps-h">
    <h1 id="apps-h">Applications</h1>
    <p v-if="error" class="error" role="alert">{{ error }}</p>
    <p v-if="notice" class="notice" role="status">{{ notice }}</p>
    <div class="table-wrap"><table>
      <caption class="visually-hidden">Applications</caption>
      <thead><tr><th scope="col">Name</th><th scope="col">Developer</th><th scope="col">Consumer</th><th scope="col">Created (UTC)</th>
        <th v-if="anyDelete" scope="col">Actions</th></tr></thead>
      <tbody>
        <tr v-for="a in rows" :key="a.id" :data-application="a.name"><td>{{ a.name }}</td><td>{{ developer(a) }}</td>
          <td class="mono">{{ a.consumer.id }}</td><td class="nowrap">{{ when(a.created_at) }}</td>
          <td v-if="anyDelete"><button v-if="mayDelete(a)" type="button" class="small danger" :aria-label="'Delete application ' + a.name + ' of ' + developer(a)"
            @click="remove(a)">Delete</button></td></tr>
        <tr v-if="rows.length === 0"><td colspan="5">No applications.</td></tr>
      </tbody>
    </table></div>
  </section>`,
};
