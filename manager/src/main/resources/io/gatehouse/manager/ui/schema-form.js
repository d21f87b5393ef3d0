// Forms generated from Kong's schema JSON (GET /schemas/{entity}, /schemas/plugins/{name}): a field is
// {name: {type, required, default, one_of, elements, fields, reference, auto}}. No field has UI code
// of its own, so any entity or plugin (bundled or third-party) gets a form.
import { computed } from './vue.js';

const HIDDEN = new Set(['id', 'created_at', 'updated_at']);
const LONG_TEXT = new Set(['cert', 'key', 'cert_alt', 'key_alt', 'rsa_public_key']);

// Fields Kong fills in itself (`auto`: a key-auth key, an HMAC secret) stay visible and optional: an
// auto field left empty is omitted from the body (never "" or null), so Kong generates it.
export function visibleFields(fields, omit = []) {
  return fields
    .map((f) => { const name = Object.keys(f)[0]; return { name, def: f[name] }; })
    .filter(({ name }) => !HIDDEN.has(name) && !omit.includes(name));
}

/** Drops empty values so Kong's defaults (and auto values) apply; keeps false and 0. */
export function prune(v) {
  if (Array.isArray(v)) return v;
  if (v && typeof v === 'object') {
    const out = {};
    for (const [k, x] of Object.entries(v)) {
      const p = prune(x);
      if (p === undefined || p === '' || (p && typeof p === 'object' && !Array.isArray(p) && Object.keys(p).length === 0)) continue;
      out[k] = p;
    }
    return out;
  }
  return v;
}

function splitList(text, elementType) {
  const items = text.split(/[,\n]/).map((s) => s.trim()).filter(Boolean);
  return elementType === 'integer' || elementType === 'number' ? items.map(Number) : items;
}

export const FieldInput = {
  name: 'FieldInput',
  props: ['name', 'def', 'modelValue', 'error', 'idBase'],
  emits: ['update:modelValue'],
  setup(props, { emit }) {
    const id = computed(() => `${props.idBase}-${props.name}`.replace(/[^A-Za-z0-9_-]/g, '_'));
    const kind = computed(() => {
      const d = props.def;
      if (d.type === 'boolean') return 'checkbox';
      if (d.type === 'string' && d.one_of) return 'select';
      if (d.type === 'string') return LONG_TEXT.has(props.name) && !d.auto ? 'textarea' : 'text';
      if (d.type === 'integer' || d.type === 'number') return 'number';
      if ((d.type === 'array' || d.type === 'set') && d.elements && d.elements.one_of) return 'choices';
      if ((d.type === 'array' || d.type === 'set') && d.elements && ['string', 'integer', 'number'].includes(d.elements.type)) return 'list';
      if (d.type === 'record' && d.fields) return 'record';
      if (d.type === 'foreign') return 'foreign';
      return 'json';
    });
    const text = computed(() => {
      const v = props.modelValue;
      if (v === undefined || v === null) return '';
      if (kind.value === 'list') return v.join(', ');
      if (kind.value === 'foreign') return v.id || v.name || '';
      if (kind.value === 'json') return JSON.stringify(v, null, 2);
      return String(v);
    });
    const placeholder = computed(() => {
      const d = props.def.default;
      if (d === undefined || d === null || kind.value === 'record') return '';
      return Array.isArray(d) ? d.join(', ') : (typeof d === 'object' ? JSON.stringify(d) : String(d));
    });
    const required = computed(() => props.def.required === true && props.def.default === undefined && !props.def.auto);
    const fieldError = computed(() => (typeof props.error === 'string' ? props.error
      : Array.isArray(props.error) ? props.error.filter((e) => typeof e === 'string').join('; ') : null));
    function set(v) { emit('update:modelValue', v); }
    function onText(e) {
      const t = e.target.value;
      const k = kind.value;
      if (t === '') return set(undefined);
      if (k === 'number') return set(Number(t));
      if (k === 'list') return set(splitList(t, props.def.elements.type));
      if (k === 'foreign') return set(/^[0-9a-f]{8}-[0-9a-f]{4}-/i.test(t) ? { id: t } : { name: t });
      if (k === 'json') { try { return set(JSON.parse(t)); } catch { return set(t); } }
      return set(t);
    }
    function toggle(option, on) {
      const cur = new Set(props.modelValue || props.def.default || []);
      on ? cur.add(option) : cur.delete(option);
      set([...cur]);
    }
    const checked = computed(() => props.modelValue ?? props.def.default ?? false);
    const chosen = computed(() => props.modelValue || props.def.default || []);
    return { id, kind, text, placeholder, required, fieldError, set, onText, toggle, checked, chosen };
  },
  template: `
  <div class="field" :class="{ invalid: fieldError }">
    <template v-if="kind === 'checkbox'">
      <input type="checkbox" :id="id" :checked="checked" @change="set($event.target.checked)"
        :aria-invalid="!!fieldError" :aria-describedby="fieldError ? id + '-err' : null">
      <label :for="id" class="inline">{{ name }}</label>
    </template>
    <fieldset v-else-if="kind === 'record'">
      <legend>{{ name }}</legend>
      <schema-fields :fields="def.fields" :model-value="modelValue || {}" :errors="error && typeof error === 'object' ? error : {}"
        :id-base="id" @update:model-value="set" />
    </fieldset>
    <fieldset v-else-if="kind === 'choices'" class="choices">
      <legend>{{ name }}<span v-if="required" aria-hidden="true"> *</span></legend>
      <span v-for="o in def.elements.one_of" :key="o" class="choice">
        <input type="checkbox" :id="id + '-' + o" :checked="chosen.includes(o)" @change="toggle(o, $event.target.checked)">
        <label :for="id + '-' + o" class="inline">{{ o }}</label>
      </span>
    </fieldset>
    <template v-else>
      <label :for="id">{{ name }}<span v-if="required" aria-hidden="true"> *</span>
        <span v-if="kind === 'list'" class="hint">(comma-separated)</span>
        <span v-if="kind === 'json'" class="hint">(JSON)</span>
        <span v-if="kind === 'foreign'" class="hint">(id or name)</span>
        <span v-if="def.auto" class="hint">(generated when empty)</span></label>
      <select v-if="kind === 'select'" :id="id" :value="text" @change="onText" :required="required"
        :aria-invalid="!!fieldError" :aria-describedby="fieldError ? id + '-err' : null">
        <option value="">{{ placeholder ? 'default: ' + placeholder : '—' }}</option>
        <option v-for="o in def.one_of" :key="o" :value="o">{{ o }}</option>
      </select>
      <textarea v-else-if="kind === 'textarea' || kind === 'json'" :id="id" :value="text" @change="onText"
        :placeholder="placeholder" :required="required" rows="4"
        :aria-invalid="!!fieldError" :aria-describedby="fieldError ? id + '-err' : null"></textarea>
      <input v-else :id="id" :type="kind === 'number' ? 'number' : 'text'" :step="def.type === 'integer' ? 1 : 'any'"
        :value="text" @change="onText" :placeholder="placeholder" :required="required"
        :aria-invalid="!!fieldError" :aria-describedby="fieldError ? id + '-err' : null">
    </template>
    <p v-if="fieldError" :id="id + '-err'" class="error" role="alert">{{ fieldError }}</p>
  </div>`,
};

/** The fields of one record: emits the whole record on every change. */
export const SchemaFields = {
  name: 'SchemaFields',
  props: { fields: Array, modelValue: Object, errors: Object, idBase: String, omit: { type: Array, default: () => [] } },
  emits: ['update:modelValue'],
  setup(props, { emit }) {
    const shown = computed(() => visibleFields(props.fields, props.omit));
    function update(name, v) {
      const next = { ...(props.modelValue || {}) };
      if (v === undefined) delete next[name]; else next[name] = v;
      emit('update:modelValue', next);
    }
    return { shown, update };
  },
  template: `
  <div class="fields">
    <field-input v-for="f in shown" :key="f.name" :name="f.name" :def="f.def" :model-value="(modelValue || {})[f.name]"
      :error="(errors || {})[f.name]" :id-base="idBase" @update:model-value="update(f.name, $event)" />
  </div>`,
};
