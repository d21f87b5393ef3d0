// The workspace switcher: with RBAC, the workspaces the logged-in user has rights in (GET /userinfo, read
// by api.js after the login); without, GET /workspaces (nodes with a database);
// api.js then prefixes every workspace-scoped call with /{ws}. Hidden where there is nothing to choose.
import { ref, watch } from './vue.js';
import { api, session, useWorkspace } from './api.js';

export const WorkspaceSwitcher = {
  emits: ['switched'],
  setup(_, { emit }) {
    const names = ref([]);
    async function load() {
      try {
        names.value = session.rbac ? (session.workspaces || [])
          : (await api.get('/workspaces', { global: true })).data.map((w) => w.name).sort();
      } catch { names.value = []; }
      // a team's user has no rights in default: open its first workspace instead
      if (names.value.length && !names.value.includes(session.workspace)) {
        useWorkspace(names.value.includes('default') ? 'default' : names.value[0]);
        emit('switched');
      }
    }
    function choose(e) {
      const name = e.target.value;
      if (!name || name === session.workspace) return;
      useWorkspace(name);
      emit('switched');
    }
    watch(() => [session.loggedIn, session.workspaces], load, { immediate: true });
    return { names, session, choose };
  },
  template: `
  <span v-if="names.length" class="workspace">
    <label for="workspace">Workspace</label>
    <select id="workspace" :value="session.workspace" @change="choose">
      <option v-for="n in names" :key="n" :value="n">{{ n }}</option>
    </select>
  </span>`,
};
