// One workspace's configuration as declarative YAML, on every node: GET /declarative exports it and
// POST /declarative replaces it in one transaction (Gatehouse's endpoint; Kong's /config is DB-less
// only). An import is previewed first: the API's dry run lists the entities it would create, update
// and delete, and a line diff shows the text.
import { ref, computed, onMounted } from './vue.js';
import { api, session, may } from './api.js';
import { errorText } from './screens.js';
import { lineDiff } from './line-diff.js';
import { EntityDiff } from './entity-diff.js';

export const ConfigYaml = {
  components: { EntityDiff },
  setup() {
    const current = ref(null);
    const draft = ref('');
    const previewed = ref(null); // the text the preview is of: Apply sends exactly that
    const entities = ref(null);
    const diff = ref(null);
    const error = ref(null);
    const notice = ref(null);
    async function load() {
      try {
        current.value = (await api.get('/declarative')).config;
      } catch (e) {
        error.value = errorText(e);
      }
    }
    function failed(e) {
      error.value = errorText(e);
      if (e.body && e.body.fields) error.value += '\n' + JSON.stringify(e.body.fields, null, 2);
    }
    async function preview() {
      error.value = null;
      notice.value = null;
      entities.value = null;
      diff.value = null;
      previewed.value = null;
      try {
        entities.value = await api.post('/declarative?dry_run=true', { config: draft.value });
        previewed.value = draft.value;
        diff.value = lineDiff(current.value || '', draft.value);
      } catch (e) {
        failed(e);
      }
    }
    async function apply() {
      error.value = null;
      try {
        const done = await api.post('/declarative', { config: previewed.value });
        entities.value = null;
        diff.value = null;
        previewed.value = null;
        draft.value = '';
        await load(); // the notice comes with the new configuration shown, not before it
        notice.value = `Configuration loaded: ${done.created.length} created, ${done.updated.length} updated,`
          + ` ${done.deleted.length} deleted.`;
      } catch (e) {
        failed(e);
      }
    }
    const changes = computed(() => (diff.value || []).filter((d) => d.op !== ' ').length);
    const stale = computed(() => previewed.value !== null && previewed.value !== draft.value);
    function edit() { draft.value = current.value || ''; }
    function download() {
      const a = document.createElement('a');
      a.href = URL.createObjectURL(new Blob([current.value || ''], { type: 'application/yaml' }));
      a.download = 'kong.yml';
      a.click();
      URL.revokeObjectURL(a.href);
    }
    onMounted(load);
    return { current, draft, entities, diff, error, notice, preview, apply, changes, stale, edit, download, session, may };
  },
  template: `
  <section aria-labelledby="yaml-h">
    <h1 id="yaml-h">Configuration (YAML)</h1>
    <p class="hint">Workspace <strong>{{ session.workspace }}</strong>: an import replaces its whole configuration
      (entities the file leaves out are deleted), all or nothing.</p>
    <p v-if="error" class="error pre" role="alert">{{ error }}</p>
    <p v-if="notice" class="notice" role="status">{{ notice }}</p>
    <template v-if="current !== null">
      <div class="bar"><h2>Current</h2><button type="button" @click="download">Download kong.yml</button></div>
      <pre class="yaml" id="config-current" tabindex="0" aria-label="Current configuration">{{ current }}</pre>
      <form v-if="may('create', '/declarative')" @submit.prevent="apply" class="yaml-import">
        <label for="config-draft">New configuration (YAML or JSON)</label>
        <textarea id="config-draft" v-model="draft" rows="12" spellcheck="false"></textarea>
        <div class="actions"><button type="button" @click="edit">Edit current</button>
          <button type="button" @click="preview" :disabled="!draft.trim()">Preview changes</button>
          <button type="submit" :disabled="!entities || stale">Apply</button></div>
        <p v-if="stale" class="hint" role="status">The text changed since the preview: preview it again to apply.</p>
      </form>
      <section v-if="entities" aria-labelledby="entities-h">
        <h2 id="entities-h">Changes</h2>
        <entity-diff :diff="entities"></entity-diff>
      </section>
      <section v-if="entities" aria-labelledby="diff-h">
        <h2 id="diff-h">Text ({{ diff === null ? 'too large to compare line by line' : changes + ' lines' }})</h2>
        <pre v-if="diff" class="yaml diff" id="config-diff" tabindex="0"><span v-for="(d, i) in diff" :key="i" :class="{ add: d.op === '+', del: d.op === '-' }">{{ d.op }} {{ d.line }}
</span></pre>
      </section>
    </template>
  </section>`,
};
