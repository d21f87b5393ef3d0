// The workspace switcher: lists GET /workspaces (nodes with a database) and makes api.js prefix every
// workspace-scoped call with /{ws}. Hidden where the node has no workspaces (DB-less) or they cannot be read.
import { ref, watch } from './vue.js';
import { api, session, useWorkspace } from './api.js';

export const WorkspaceSwitcher = {
  emits: ['switched'],
  setup(_, { emit }) {
    const names = ref([]);
    async function load() {
      try {
        names.value = (await api.get('/workspaces', { global: true })).data.map((w) => w.name).sort();
        if (!names.value.includes(session.workspace)) useWorkspace('default');
      } catch { names.value = []; }
    }
    function choose(e) { useWorkspace(e.target.value); emit('switched'); }
    watch(() => session.token, load, { immediate: true });
    return { names, session, choose, load };
  },
  template: `
  <span v-if="names.length" class="workspace">
    <label for="workspace">Workspace</label>
    <select id="workspace" :value="session.workspace" @change="choose">
      <option v-for="n in names" :key="n" :value="n">{{ n }}</option>
    </select>
  </span>`,
};
