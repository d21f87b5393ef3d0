// The whole configuration as declarative YAML: GET /config exports it and POST /config replaces it,
// which Kong (and Gatehouse) serve on DB-less nodes only. An import is previewed as a line diff first.
import { ref, computed, onMounted } from './vue.js';
import { api, session } from './api.js';
import { errorText } from './screens.js';
import { lineDiff } from './line-diff.js';

export const ConfigYaml = {
  setup() {
    const current = ref(null);
    const draft = ref('');
    const diff = ref(null);
    const error = ref(null);
    const notice = ref(null);
    const unavailable = ref(null);
    async function load() {
      try {
        current.value = (await api.get('/config')).config;
        unavailable.value = null;
      } catch (e) {
        if (e.status === 400 || e.status === 404) unavailable.value = e.message;
        else error.value = errorText(e);
      }
    }
    function preview() {
      error.value = null;
      notice.value = null;
      diff.value = lineDiff(current.value || '', draft.value);
      if (diff.value === null) notice.value = 'Too large to compare line by line; apply it to see the result.';
    }
    async function apply() {
      error.value = null;
      try {
        await api.post('/config', { config: draft.value });
        diff.value = null;
        draft.value = '';
        await load(); // the notice comes with the new configuration shown, not before it
        notice.value = 'Configuration loaded.';
      } catch (e) {
        error.value = errorText(e);
        if (e.body && e.body.fields) error.value += '\n' + JSON.stringify(e.body.fields, null, 2);
      }
    }
    const changes = computed(() => (diff.value || []).filter((d) => d.op !== ' ').length);
    function download() {
      const a = document.createElement('a');
      a.href = URL.createObjectURL(new Blob([current.value || ''], { type: 'application/yaml' }));
      a.download = 'kong.yml';
      a.click();
      URL.revokeObjectURL(a.href);
    }
    onMounted(load);
    return { current, draft, diff, error, notice, unavailable, preview, apply, changes, download, session };
  },
  template: `
  <section aria-labelledby="yaml-h">
    <h1 id="yaml-h">Configuration (YAML)</h1>
    <p v-if="unavailable" class="notice" role="status">{{ unavailable }}. The YAML export and import
      (<code>GET</code>/<code>POST /config</code>) exist on DB-less nodes (<code>database = off</code>); with a database use
      <code>gatehouse config db_export</code> or decK.</p>
    <p v-if="error" class="error pre" role="alert">{{ error }}</p>
    <p v-if="notice" class="notice" role="status">{{ notice }}</p>
    <template v-if="current !== null">
      <div class="bar"><h2>Current</h2><button type="button" @click="download">Download kong.yml</button></div>
      <pre class="yaml" id="config-current" tabindex="0" aria-label="Current configuration">{{ current }}</pre>
      <form v-if="session.canWrite" @submit.prevent="apply" class="yaml-import">
        <label for="config-draft">New configuration (YAML or JSON)</label>
        <textarea id="config-draft" v-model="draft" rows="12" spellcheck="false"></textarea>
        <div class="actions"><button type="button" @click="preview" :disabled="!draft.trim()">Preview changes</button>
          <button type="submit" :disabled="!diff">Apply</button></div>
      </form>
      <section v-if="diff" aria-labelledby="diff-h">
        <h2 id="diff-h">Changes ({{ changes }} lines)</h2>
        <pre class="yaml diff" id="config-diff" tabindex="0"><span v-for="(d, i) in diff" :key="i" :class="{ add: d.op === '+', del: d.op === '-' }">{{ d.op }} {{ d.line }}
</span></pre>
      </section>
    </template>
  </section>`,
};
