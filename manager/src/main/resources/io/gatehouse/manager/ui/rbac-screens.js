// RBAC users and roles (Kong Enterprise's /rbac endpoints, docs/rbac.md). Users are node-wide; roles and
// a user's role assignments belong to the current workspace (api.js adds the /{ws} prefix).
import { ref, computed, onMounted } from './vue.js';
import { api, session, may } from './api.js';
import { href, go } from './router.js';
import { errorText } from './screens.js';

const ACTIONS = ['read', 'create', 'update', 'delete'];

/** A new token for a user: 32 random bytes as hex, from the browser's CSPRNG (the Admin API keeps only its hash). */
function randomToken() {
  const bytes = crypto.getRandomValues(new Uint8Array(32));
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
}

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
    const edit = ref(null); // the edit form's fields while it is open
    const newToken = ref(null); // a token the last save set, shown once
    const saved = ref(false);
    function startEdit() {
      edit.value = { comment: user.value.comment || '', enabled: user.value.enabled !== false, token: false, password: '', clearPassword: false };
      saved.value = false;
    }
    async function save() {
      const f = edit.value;
      // an empty comment clears it: the API takes null, not "" (Kong's strings are non-empty)
      const body = { comment: f.comment.trim() === '' ? null : f.comment, enabled: f.enabled };
      if (f.token) body.user_token = randomToken();
      if (session.basic && f.clearPassword) body.password = null;
      else if (session.basic && f.password) body.password = f.password;
      try {
        const answer = await api.patch(path.value, body, { global: true });
        newToken.value = answer.user_token || null;
        edit.value = null;
        saved.value = true;
        await load();
      } catch (e) { error.value = errorText(e); }
    }
    onMounted(load);
    return { user, roles, chosen, error, assign, unassign, unassigned, remove, session, path, may, edit, newToken, saved, startEdit, save };
  },
  template: `
  <section aria-labelledby="user-h">
    <div class="bar"><h1 id="user-h">RBAC user {{ name }}<span class="sub"> in workspace {{ session.workspace }}</span></h1>
      <button v-if="may('delete', path)" type="button" class="danger" @click="remove">Delete user</button></div>
    <p v-if="error" class="error" role="alert">{{ error }}</p>
    <p v-if="saved" class="notice" role="status">User saved.<template v-if="newToken"> Its new token, shown only now:
      <code class="mono" id="new-token">{{ newToken }}</code></template></p>
    <dl v-if="user && !edit" class="props"><dt>id</dt><dd class="mono">{{ user.id }}</dd><dt>enabled</dt><dd>{{ user.enabled }}</dd>
      <dt>comment</dt><dd>{{ user.comment }}</dd></dl>
    <button v-if="user && !edit && may('update', path)" type="button" @click="startEdit">Edit user</button>
    <form v-if="edit" class="inline-form" @submit.prevent="save" aria-labelledby="edit-user-h">
      <h2 id="edit-user-h">Edit user</h2>
      <label for="edit-comment">Comment</label><input id="edit-comment" v-model="edit.comment">
      <span class="choice"><input type="checkbox" id="edit-enabled" v-model="edit.enabled">
        <label for="edit-enabled" class="inline">enabled <span class="hint">(a disabled user's token and sessions stop working)</span></label></span>
      <span class="choice"><input type="checkbox" id="edit-token" v-model="edit.token">
        <label for="edit-token" class="inline">new token <span class="hint">(generated here, shown once; the old one stops working)</span></label></span>
      <template v-if="session.basic">
        <label for="edit-password">New password <span class="hint">(at least 8 characters; empty: unchanged)</span></label>
        <input id="edit-password" v-model="edit.password" type="password" autocomplete="new-password" :disabled="edit.clearPassword">
        <span class="choice"><input type="checkbox" id="edit-clear-password" v-model="edit.clearPassword">
          <label for="edit-clear-password" class="inline">remove the password (no Manager login by password)</label></span>
      </template>
      <div class="actions"><button type="submit">Save user</button><button type="button" @click="edit = null">Cancel</button></div>
    </form>
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

/** The entity kinds an entity permission may name, for the picker (the Admin API finds the type from the id). */
const ENTITY_KINDS = ['services', 'routes', 'consumers', 'plugins', 'upstreams', 'certificates', 'ca_certificates'];
const label = (e) => e.name || e.username || e.custom_id || e.id;
/** Actions in the usual order (read, create, update, delete), whatever order the API or the clicks gave. */
const ordered = (actions) => ACTIONS.filter((a) => (actions || []).includes(a));

/** One role: its comment, its endpoint permissions and its entity permissions, each editable. */
export const RbacRoleDetail = {
  props: ['name'],
  setup(props) {
    const role = ref(null);
    const endpoints = ref([]);
    const entities = ref([]);
    const error = ref(null);
    const form = ref({ endpoint: '', actions: ['read'], negative: false });
    const changing = ref(null); // the endpoint permission being edited: {key, actions, negative}
    const comment = ref(null); // the comment while it is edited
    const entityForm = ref({ kind: '', entity_id: '', actions: ['read'], negative: false });
    const candidates = ref([]); // the chosen kind's entities, to pick an id by name
    const rolePath = computed(() => `/rbac/roles/${encodeURIComponent(props.name)}`);
    const path = computed(() => `${rolePath.value}/endpoints`);
    const entitiesPath = computed(() => `${rolePath.value}/entities`);
    async function load() {
      try {
        role.value = await api.get(rolePath.value);
        endpoints.value = (await api.get(path.value)).data;
        entities.value = (await api.get(entitiesPath.value)).data;
        error.value = null;
      } catch (e) { error.value = errorText(e); }
    }
    async function add() {
      try {
        await api.post(path.value, { endpoint: form.value.endpoint.trim(), actions: ordered(form.value.actions), negative: form.value.negative });
        form.value = { endpoint: '', actions: ['read'], negative: false };
        await load();
      } catch (e) { error.value = errorText(e); }
    }
    /** One endpoint permission's own path: …/endpoints/{workspace}/{endpoint without its leading slash}. */
    function onePath(p) {
      const tail = p.endpoint === '*' ? '*' : p.endpoint.replace(/^\//, '');
      return `${path.value}/${encodeURIComponent(p.workspace)}/${tail}`;
    }
    const keyOf = (p) => p.workspace + ' ' + p.endpoint;
    async function removePermission(p) {
      try { await api.del(onePath(p)); await load(); } catch (e) { error.value = errorText(e); }
    }
    function startChange(p) { changing.value = { key: keyOf(p), actions: [...(p.actions || [])], negative: !!p.negative }; }
    async function saveChange(p) {
      try {
        await api.patch(onePath(p), { actions: ordered(changing.value.actions), negative: changing.value.negative });
        changing.value = null;
        await load();
      } catch (e) { error.value = errorText(e); }
    }
    async function saveComment() {
      try { await api.patch(rolePath.value, { comment: comment.value }); comment.value = null; await load(); } catch (e) { error.value = errorText(e); }
    }
    async function pickKind() {
      candidates.value = [];
      if (!entityForm.value.kind) return;
      try { candidates.value = (await api.get(`/${entityForm.value.kind}?size=1000`)).data; } catch (e) { error.value = errorText(e); }
    }
    async function addEntity() {
      const f = entityForm.value;
      try {
        await api.post(entitiesPath.value, { entity_id: f.entity_id.trim(), actions: ordered(f.actions), negative: f.negative });
        entityForm.value = { kind: f.kind, entity_id: '', actions: ['read'], negative: false };
        await load();
      } catch (e) { error.value = errorText(e); }
    }
    async function removeEntity(p) {
      try { await api.del(`${entitiesPath.value}/${encodeURIComponent(p.entity_id)}`); await load(); } catch (e) { error.value = errorText(e); }
    }
    async function remove() {
      if (!window.confirm(`Delete RBAC role ${props.name}, its permissions and assignments?`)) return;
      try { await api.del(rolePath.value); go('/rbac/roles'); } catch (e) { error.value = errorText(e); }
    }
    onMounted(load);
    return { role, endpoints, entities, error, form, add, removePermission, remove, ACTIONS, ENTITY_KINDS, session, path,
      entitiesPath, rolePath, may, changing, keyOf, onePath, startChange, saveChange, comment, saveComment, entityForm,
      candidates, pickKind, addEntity, removeEntity, label, ordered };
  },
  template: `
  <section aria-labelledby="role-h">
    <div class="bar"><h1 id="role-h">RBAC role {{ name }}<span class="sub"> in workspace {{ session.workspace }}</span></h1>
      <button v-if="may('delete', rolePath)" type="button" class="danger" @click="remove">Delete role</button></div>
    <p v-if="error" class="error" role="alert">{{ error }}</p>
    <p v-if="role && comment === null" class="role-comment">Comment: <span id="role-comment-text">{{ role.comment || '—' }}</span>
      <button v-if="may('update', rolePath)" type="button" class="small" @click="comment = role.comment || ''">Edit comment</button></p>
    <form v-if="comment !== null" class="inline-form" @submit.prevent="saveComment">
      <label for="role-comment-edit">Comment</label><input id="role-comment-edit" v-model="comment">
      <div class="actions"><button type="submit">Save comment</button><button type="button" @click="comment = null">Cancel</button></div>
    </form>
    <h2>Endpoint permissions</h2>
    <div class="table-wrap"><table>
      <caption class="visually-hidden">Endpoint permissions</caption>
      <thead><tr><th scope="col">Workspace</th><th scope="col">Endpoint</th><th scope="col">Actions</th><th scope="col">Negative</th>
        <th scope="col"><span class="visually-hidden">Change</span></th></tr></thead>
      <tbody>
        <tr v-for="p in endpoints" :key="keyOf(p)" :data-endpoint="p.endpoint"><td>{{ p.workspace }}</td><td class="mono">{{ p.endpoint }}</td>
          <template v-if="changing && changing.key === keyOf(p)">
            <td><span v-for="a in ACTIONS" :key="a" class="choice"><input type="checkbox" :id="'change-' + a" :value="a" v-model="changing.actions">
              <label :for="'change-' + a" class="inline">{{ a }}</label></span></td>
            <td><input type="checkbox" id="change-negative" v-model="changing.negative" aria-label="negative (deny)"></td>
            <td><button type="button" class="small" @click="saveChange(p)">Save</button>
              <button type="button" class="small" @click="changing = null">Cancel</button></td>
          </template>
          <template v-else>
            <td>{{ ordered(p.actions).join(', ') }}</td><td>{{ p.negative }}</td>
            <td><button v-if="may('update', onePath(p))" type="button" class="small" @click="startChange(p)"
                :aria-label="'Edit permission ' + p.endpoint">Edit</button>
              <button v-if="may('delete', onePath(p))" type="button" class="small" @click="removePermission(p)"
                :aria-label="'Remove permission ' + p.endpoint">Remove</button></td>
          </template></tr>
        <tr v-if="endpoints.length === 0"><td colspan="5">No endpoint permissions.</td></tr>
      </tbody>
    </table></div>
    <form v-if="may('create', path)" class="inline-form" @submit.prevent="add" aria-labelledby="new-perm-h">
      <h3 id="new-perm-h">Add an endpoint permission</h3>
      <label for="perm-endpoint">Endpoint <span class="hint">(e.g. /services/*, or *)</span></label>
      <input id="perm-endpoint" v-model="form.endpoint" required>
      <fieldset class="choices"><legend>Actions</legend>
        <span v-for="a in ACTIONS" :key="a" class="choice"><input type="checkbox" :id="'perm-' + a" :value="a" v-model="form.actions">
          <label :for="'perm-' + a" class="inline">{{ a }}</label></span></fieldset>
      <span class="choice"><input type="checkbox" id="perm-negative" v-model="form.negative"><label for="perm-negative" class="inline">negative (deny)</label></span>
      <button type="submit">Add permission</button>
    </form>
    <h2>Entity permissions <span class="hint">(with enforce_rbac = entity or both)</span></h2>
    <div class="table-wrap"><table>
      <caption class="visually-hidden">Entity permissions</caption>
      <thead><tr><th scope="col">Entity</th><th scope="col">Type</th><th scope="col">Actions</th><th scope="col">Negative</th>
        <th scope="col"><span class="visually-hidden">Remove</span></th></tr></thead>
      <tbody>
        <tr v-for="p in entities" :key="p.entity_id" :data-entity="p.entity_id"><td class="mono">{{ p.entity_id }}</td><td>{{ p.entity_type }}</td>
          <td>{{ ordered(p.actions).join(', ') }}</td><td>{{ p.negative }}</td>
          <td><button v-if="may('delete', entitiesPath + '/' + p.entity_id)" type="button" class="small" @click="removeEntity(p)"
            :aria-label="'Remove entity permission ' + p.entity_id">Remove</button></td></tr>
        <tr v-if="entities.length === 0"><td colspan="5">No entity permissions.</td></tr>
      </tbody>
    </table></div>
    <form v-if="may('create', entitiesPath)" class="inline-form" @submit.prevent="addEntity" aria-labelledby="new-entity-h">
      <h3 id="new-entity-h">Add an entity permission</h3>
      <label for="entity-kind">Pick from <span class="hint">(optional)</span></label>
      <select id="entity-kind" v-model="entityForm.kind" @change="pickKind"><option value="">a type…</option>
        <option v-for="k in ENTITY_KINDS" :key="k" :value="k">{{ k }}</option></select>
      <select v-if="candidates.length" id="entity-pick" v-model="entityForm.entity_id" aria-label="Entity">
        <option value="">an entity…</option>
        <option v-for="e in candidates" :key="e.id" :value="e.id">{{ label(e) }}</option></select>
      <label for="entity-id">Entity id <span class="hint">(a UUID of this workspace, or * for every entity)</span></label>
      <input id="entity-id" v-model="entityForm.entity_id" required class="mono">
      <fieldset class="choices"><legend>Actions</legend>
        <span v-for="a in ACTIONS" :key="a" class="choice"><input type="checkbox" :id="'entity-' + a" :value="a" v-model="entityForm.actions">
          <label :for="'entity-' + a" class="inline">{{ a }}</label></span></fieldset>
      <span class="choice"><input type="checkbox" id="entity-negative" v-model="entityForm.negative"><label for="entity-negative" class="inline">negative (deny)</label></span>
      <button type="submit">Add entity permission</button>
    </form>
  </section>`,
};
