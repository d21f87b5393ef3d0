// RBAC users and roles (Kong Enterprise's /rbac endpoints, docs/rbac.md). Users are node-wide; roles and
// a user's role assignments belong to the current workspace (api.js adds the /{ws} prefix).
import { ref, computed, onMounted } from './vue.js';
import { api, session, may } from './api.js';
import { href, go } from './router.js';
import { errorText } from './screens.js';

const ACTIONS = ['read', 'create', 'update', 'delete'];

export const RbacUsers = {
  setup() {
    const users = ref([]);
    const error = ref(null);
    const form = ref({ name: '', user_token: '', comment: '' });
    const created = ref(null);
    async function load() {
      try { users.value = (await api.get('/rbac/users', { global: true })).data; error.value = null; } catch (e) { error.value = errorText(e); }
    }
    async function create() {
      const body = Object.fromEntries(Object.entries(form.value).filter(([, v]) => v.trim() !== ''));
      try {
        created.value = await api.post('/rbac/users', body, { global: true });
        form.value = { name: '', user_token: '', comment: '' };
        await load();
      } catch (e) { error.value = errorText(e); }
    }
    onMounted(load);
    return { users, error, form, created, create, session, href, may };
  },
  template: `
  <section aria-labelledby="users-h">
    <h1 id="users-h">RBAC users</h1>
    <p v-if="error" class="error" role="alert">{{ error }}</p>
    <div class="table-wrap"><table>
      <caption class="visually-hidden">RBAC users</caption>
      <thead><tr><th scope="col">Name</th><th scope="col">Enabled</th><th scope="col">Comment</th></tr></thead>
      <tbody>
        <tr v-for="u in users" :key="u.id"><td><a :href="href('/rbac/users/' + encodeURIComponent(u.name))">{{ u.name }}</a></td>
          <td>{{ u.enabled }}</td><td>{{ u.comment }}</td></tr>
        <tr v-if="users.length === 0"><td colspan="3">None yet.</td></tr>
      </tbody>
    </table></div>
    <form v-if="may('create', '/rbac/users')" class="inline-form" @submit.prevent="create" aria-labelledby="new-user-h">
      <h2 id="new-user-h">New user</h2>
      <label for="user-name">Name</label><input id="user-name" v-model="form.name" required>
      <label for="user-token">Token <span class="hint">(generated when empty)</span></label>
      <input id="user-token" v-model="form.user_token" type="password" autocomplete="new-password">
      <label for="user-comment">Comment</label><input id="user-comment" v-model="form.comment">
      <button type="submit">Create user</button>
    </form>
    <p v-if="created" class="notice" role="status">User {{ created.name }} created. Its token, shown only now:
      <code class="mono">{{ created.user_token }}</code></p>
  </section>`,
};

export const RbacUserDetail = {
  props: ['name'],
  setup(props) {
    const user = ref(null);
    const roles = ref([]);
    const available = ref([]);
    const chosen = ref('');
    const error = ref(null);
    const path = computed(() => `/rbac/users/${encodeURIComponent(props.name)}`);
    async function load() {
      try {
        user.value = await api.get(path.value, { global: true });
        roles.value = (await api.get(`${path.value}/roles`)).roles;
        available.value = (await api.get('/rbac/roles')).data.map((r) => r.name).sort();
        error.value = null;
      } catch (e) { error.value = errorText(e); }
    }
    async function assign() {
      if (!chosen.value) return;
      try { await api.post(`${path.value}/roles`, { roles: chosen.value }); chosen.value = ''; await load(); } catch (e) { error.value = errorText(e); }
    }
    async function unassign(role) {
      try { await api.del(`${path.value}/roles`, { roles: role }); await load(); } catch (e) { error.value = errorText(e); }
    }
    async function remove() {
      if (!window.confirm(`Delete RBAC user ${props.name}?`)) return;
      try { await api.del(path.value, undefined, { global: true }); go('/rbac/users'); } catch (e) { error.value = errorText(e); }
    }
    const unassigned = computed(() => available.value.filter((n) => !roles.value.some((r) => r.name === n)));
    onMounted(load);
    return { user, roles, chosen, error, assign, unassign, unassigned, remove, session, path, may };
  },
  template: `
  <section aria-labelledby="user-h">
    <div class="bar"><h1 id="user-h">RBAC user {{ name }}<span class="sub"> in workspace {{ session.workspace }}</span></h1>
      <button v-if="may('delete', path)" type="button" class="danger" @click="remove">Delete user</button></div>
    <p v-if="error" class="error" role="alert">{{ error }}</p>
    <dl v-if="user" class="props"><dt>id</dt><dd class="mono">{{ user.id }}</dd><dt>enabled</dt><dd>{{ user.enabled }}</dd>
      <dt>comment</dt><dd>{{ user.comment }}</dd></dl>
    <h2>Roles</h2>
    <ul class="roles">
      <li v-for="r in roles" :key="r.id"><span>{{ r.name }}</span>
        <button v-if="may('delete', path + '/roles')" type="button" class="small" @click="unassign(r.name)" :aria-label="'Remove role ' + r.name">Remove</button></li>
      <li v-if="roles.length === 0">None.</li>
    </ul>
    <form v-if="may('create', path + '/roles')" class="inline-form" @submit.prevent="assign">
      <label for="assign-role">Role</label>
      <select id="assign-role" v-model="chosen"><option value="">Choose a role…</option>
        <option v-for="n in unassigned" :key="n" :value="n">{{ n }}</option></select>
      <button type="submit" :disabled="!chosen">Assign role</button>
    </form>
  </section>`,
};

export const RbacRoles = {
  setup() {
    const roles = ref([]);
    const error = ref(null);
    const form = ref({ name: '', comment: '' });
    async function load() {
      try { roles.value = (await api.get('/rbac/roles')).data; error.value = null; } catch (e) { error.value = errorText(e); }
    }
    async function create() {
      const body = { name: form.value.name.trim() };
      if (form.value.comment.trim()) body.comment = form.value.comment.trim();
      try { await api.post('/rbac/roles', body); form.value = { name: '', comment: '' }; await load(); } catch (e) { error.value = errorText(e); }
    }
    onMounted(load);
    return { roles, error, form, create, session, href, may };
  },
  template: `
  <section aria-labelledby="roles-h">
    <h1 id="roles-h">RBAC roles<span class="sub"> in workspace {{ session.workspace }}</span></h1>
    <p v-if="error" class="error" role="alert">{{ error }}</p>
    <div class="table-wrap"><table>
      <caption class="visually-hidden">RBAC roles</caption>
      <thead><tr><th scope="col">Name</th><th scope="col">Default</th><th scope="col">Comment</th></tr></thead>
      <tbody>
        <tr v-for="r in roles" :key="r.id"><td><a :href="href('/rbac/roles/' + encodeURIComponent(r.name))">{{ r.name }}</a></td>
          <td>{{ r.is_default }}</td><td>{{ r.comment }}</td></tr>
        <tr v-if="roles.length === 0"><td colspan="3">None yet.</td></tr>
      </tbody>
    </table></div>
    <form v-if="may('create', '/rbac/roles')" class="inline-form" @submit.prevent="create" aria-labelledby="new-role-h">
      <h2 id="new-role-h">New role</h2>
      <label for="role-name">Name</label><input id="role-name" v-model="form.name" required>
      <label for="role-comment">Comment</label><input id="role-comment" v-model="form.comment">
      <button type="submit">Create role</button>
    </form>
  </section>`,
};

/** One role's endpoint permissions, with a form to add one. */
export const RbacRoleDetail = {
  props: ['name'],
  setup(props) {
    const endpoints = ref([]);
    const error = ref(null);
    const form = ref({ endpoint: '', actions: ['read'], negative: false });
    const path = computed(() => `/rbac/roles/${encodeURIComponent(props.name)}/endpoints`);
    async function load() {
      try { endpoints.value = (await api.get(path.value)).data; error.value = null; } catch (e) { error.value = errorText(e); }
    }
    async function add() {
      try {
        await api.post(path.value, { endpoint: form.value.endpoint.trim(), actions: form.value.actions, negative: form.value.negative });
        form.value = { endpoint: '', actions: ['read'], negative: false };
        await load();
      } catch (e) { error.value = errorText(e); }
    }
    async function removePermission(p) {
      const tail = p.endpoint === '*' ? '*' : p.endpoint.replace(/^\//, '');
      try { await api.del(`${path.value}/${encodeURIComponent(p.workspace)}/${tail}`); await load(); } catch (e) { error.value = errorText(e); }
    }
    async function remove() {
      if (!window.confirm(`Delete RBAC role ${props.name}, its permissions and assignments?`)) return;
      try { await api.del(`/rbac/roles/${encodeURIComponent(props.name)}`); go('/rbac/roles'); } catch (e) { error.value = errorText(e); }
    }
    onMounted(load);
    return { endpoints, error, form, add, removePermission, remove, ACTIONS, session, path, may };
  },
  template: `
  <section aria-labelledby="role-h">
    <div class="bar"><h1 id="role-h">RBAC role {{ name }}<span class="sub"> in workspace {{ session.workspace }}</span></h1>
      <button v-if="may('delete', '/rbac/roles/' + encodeURIComponent(name))" type="button" class="danger" @click="remove">Delete role</button></div>
    <p v-if="error" class="error" role="alert">{{ error }}</p>
    <div class="table-wrap"><table>
      <caption class="visually-hidden">Endpoint permissions</caption>
      <thead><tr><th scope="col">Workspace</th><th scope="col">Endpoint</th><th scope="col">Actions</th><th scope="col">Negative</th>
        <th v-if="may('delete', path)" scope="col"><span class="visually-hidden">Remove</span></th></tr></thead>
      <tbody>
        <tr v-for="p in endpoints" :key="p.workspace + p.endpoint"><td>{{ p.workspace }}</td><td class="mono">{{ p.endpoint }}</td>
          <td>{{ (p.actions || []).join(', ') }}</td><td>{{ p.negative }}</td>
          <td v-if="may('delete', path)"><button type="button" class="small" @click="removePermission(p)"
            :aria-label="'Remove permission ' + p.endpoint">Remove</button></td></tr>
        <tr v-if="endpoints.length === 0"><td colspan="5">No endpoint permissions.</td></tr>
      </tbody>
    </table></div>
    <form v-if="may('create', path)" class="inline-form" @submit.prevent="add" aria-labelledby="new-perm-h">
      <h2 id="new-perm-h">Add an endpoint permission</h2>
      <label for="perm-endpoint">Endpoint <span class="hint">(e.g. /services/*, or *)</span></label>
      <input id="perm-endpoint" v-model="form.endpoint" required>
      <fieldset class="choices"><legend>Actions</legend>
        <span v-for="a in ACTIONS" :key="a" class="choice"><input type="checkbox" :id="'perm-' + a" :value="a" v-model="form.actions">
          <label :for="'perm-' + a" class="inline">{{ a }}</label></span></fieldset>
      <span class="choice"><input type="checkbox" id="perm-negative" v-model="form.negative"><label for="perm-negative" class="inline">negative (deny)</label></span>
      <button type="submit">Add permission</button>
    </form>
  </section>`,
};
