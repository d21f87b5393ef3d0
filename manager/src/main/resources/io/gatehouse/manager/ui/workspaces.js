// The workspace switcher: lists GET /workspaces (nodes with a database) and makes api.js prefix every
// workspace-scoped call with /{ws}. Hidden where the node has no workspaces (DB-less) or they cannot be read.
import { ref, watch } from './vue.js';
import { api, session, useWorkspace, ApiError } from './api.js';

export const WorkspaceSwitcher = {
  emits: ['switched'],
  setup(_, { emit }) {
    const names = ref([]);
    // a token that may not list the workspaces (403, e.g. a team's admin) names its workspace instead:
    // the Admin API still decides every call under that prefix
    const typed = ref(false);
    async function load() {
      typed.value = false;
      try {
        names.value = (await api.get('/workspaces', { global: true })).data.map((w) => w.name).sort();
        if (!names.value.includes(session.workspace)) useWorkspace('default');
      } catch (e) {
        names.value = [];
        typed.value = e instanceof ApiError && e.status === 403;
      }
    }
    function choose(e) {
      const name = e.target.value.trim();
      if (!name || name === session.workspace) return;
      useWorkspace(name);
      emit('switched');
    }
    watch(() => session.token, load, { immediate: true });
    return { names, typed, session, choose, load };
  },
  template: `
  <span v-if="names.length" class="workspace">
    <label for="workspace">Workspace</label>
    <select id="workspace" :value="session.workspace" @change="choose">
      <option v-for="n in names" :key="n" :value="n">{{ n }}</option>
    </select>
  </span>
  <span v-else-if="typed" class="workspace">
    <label for="workspace">Workspace</label>
    <input id="workspace" :value="session.workspace" size="12" @change="choose">
  </span>`,
};
