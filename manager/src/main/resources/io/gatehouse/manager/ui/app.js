import { createApp, computed, ref } from './vue.js';
import { session } from './api.js';
import { route, go } from './router.js';
import { TOP_LEVEL, KINDS, parse } from './entities.js';
import { FieldInput, SchemaFields } from './schema-form.js';
import { Login, Overview, EntityList, EntityDetail, EntityForm, EntityCreate } from './screens.js';

session.onUnauthorized = () => { if (route.path !== '/login') go('/login'); };

const App = {
  setup() {
    const menuOpen = ref(false);
    const target = computed(() => (route.path.startsWith('/e/') ? parse(route.path.slice(2)) : null));
    const screen = computed(() => {
      if (route.path === '/login') return 'login';
      if (route.path === '/') return 'overview';
      const t = target.value;
      if (!t) return 'missing';
      return t.isNew ? 'create' : t.id ? 'detail' : 'list';
    });
    function logout() { session.token = null; go('/login'); }
    const loggedIn = computed(() => route.path && !!session.token);
    return { route, target, screen, menuOpen, logout, loggedIn, TOP_LEVEL, KINDS };
  },
  template: `
  <a class="skip" href="#main" @click.prevent="$refs.main.focus()">Skip to content</a>
  <header class="top">
    <a class="brand" href="#/">Gatehouse Manager</a>
    <button type="button" class="menu" :aria-expanded="menuOpen" aria-controls="nav" @click="menuOpen = !menuOpen">Menu</button>
    <button v-if="loggedIn" type="button" class="logout" @click="logout">Log out</button>
  </header>
  <div class="layout">
    <nav id="nav" aria-label="Main" :class="{ open: menuOpen }" @click="menuOpen = false">
      <ul>
        <li><a href="#/" :aria-current="route.path === '/' ? 'page' : null">Overview</a></li>
        <li v-for="k in TOP_LEVEL" :key="k"><a :href="'#/e/' + k"
          :aria-current="route.path.startsWith('/e/' + k) ? 'page' : null">{{ KINDS[k].label }}</a></li>
      </ul>
    </nav>
    <main id="main" ref="main" tabindex="-1">
      <login v-if="screen === 'login'" />
      <overview v-else-if="screen === 'overview'" />
      <entity-list v-else-if="screen === 'list'" :target="target" :key="'l' + route.path" />
      <entity-detail v-else-if="screen === 'detail'" :target="target" :key="'d' + route.path" />
      <entity-create v-else-if="screen === 'create'" :target="target" :key="'c' + route.path" />
      <p v-else>Nothing here. <a href="#/">Back to the overview</a>.</p>
    </main>
  </div>`,
};

createApp(App)
  .component('field-input', FieldInput).component('schema-fields', SchemaFields)
  .component('login', Login).component('overview', Overview).component('entity-list', EntityList)
  .component('entity-detail', EntityDetail).component('entity-form', EntityForm).component('entity-create', EntityCreate)
  .mount('#app');
