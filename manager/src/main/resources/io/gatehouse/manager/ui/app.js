import { createApp, computed, ref } from './vue.js';
import { session, logOut, loadUserInfo } from './api.js';
import { route, go } from './router.js';
import { TOP_LEVEL, KINDS, parse } from './entities.js';
import { FieldInput, SchemaFields } from './schema-form.js';
import { Login, Overview, EntityList, EntityDetail, EntityForm, EntityCreate } from './screens.js';
import { RbacUsers, RbacUserDetail, RbacRoles, RbacRoleDetail } from './rbac-screens.js';
import { AuditLog } from './audit-screen.js';
import { ConfigYaml } from './yaml-screen.js';
import { Traffic } from './traffic-screen.js';
import { WorkspaceSwitcher } from './workspaces.js';
import { features } from './features.js';
import { PortalProducts, PortalProductForm } from './portal-products.js';
import { PortalDevelopers, PortalSubscriptions, PortalApplications } from './portal-access.js';
import { CallLog, CallDetail } from './calls-screen.js';

session.onUnauthorized = () => { if (route.path !== '/login') go('/login'); };
// With RBAC enforced there is nothing to show without a login: straight to the login screen.
if (session.rbac && !session.loggedIn) go('/login');
else if (session.loggedIn) loadUserInfo();

/** Screens with a fixed path; entity screens are /e/<Admin API path>. */
const FIXED = { '/login': 'login', '/': 'overview', '/rbac/users': 'rbac-users', '/rbac/roles': 'rbac-roles',
  '/audit': 'audit-log', '/config': 'config-yaml', '/traffic': 'traffic', '/portal/products': 'portal-products',
  '/portal/products/new': 'portal-product', '/portal/developers': 'portal-developers', '/portal/subscriptions': 'portal-subscriptions',
  '/portal/applications': 'portal-applications', '/calls': 'call-log' };
const TOOLS = [['/traffic', 'Traffic'], ['/config', 'YAML'], ['/rbac/users', 'RBAC users'], ['/rbac/roles', 'RBAC roles'],
  ['/audit', 'Audit log']];
/** The developer portal's screens, in the menu where the node serves /portal (features.js). */
const PORTAL = [['/portal/products', 'API products'], ['/portal/developers', 'Developers'], ['/portal/applications', 'Applications'],
  ['/portal/subscriptions', 'Subscriptions']];

const App = {
  setup() {
    const menuOpen = ref(false);
    const generation = ref(0); // bumped on a workspace switch: the screen reloads its data
    const target = computed(() => (route.path.startsWith('/e/') ? parse(route.path.slice(2)) : null));
    const named = computed(() => {
      const m = route.path.match(/^\/rbac\/(users|roles)\/([^/]+)$/);
      if (m) return { screen: m[1] === 'users' ? 'rbac-user' : 'rbac-role', name: decodeURIComponent(m[2]) };
      const p = route.path.match(/^\/portal\/products\/([^/]+)$/);
      if (p && p[1] !== 'new') return { screen: 'portal-product', name: decodeURIComponent(p[1]) };
      const c = route.path.match(/^\/calls\/([^/]+)$/);
      return c ? { screen: 'call', name: decodeURIComponent(c[1]) } : null;
    });
    const screen = computed(() => {
      if (FIXED[route.path]) return FIXED[route.path];
      if (named.value) return named.value.screen;
      const t = target.value;
      if (!t) return 'missing';
      return t.isNew ? 'create' : t.id ? 'detail' : 'list';
    });
    function logout() { logOut(); go('/login'); }
    const loggedIn = computed(() => session.loggedIn);
    return { route, target, named, screen, menuOpen, generation, logout, loggedIn, session, features, TOP_LEVEL, KINDS, TOOLS, PORTAL };
  },
  template: `
  <a class="skip" href="#main" @click.prevent="$refs.main.focus()">Skip to content</a>
  <header class="top">
    <a class="brand" href="#/">Gatehouse Manager</a>
    <workspace-switcher v-if="screen !== 'login'" @switched="generation++" />
    <span v-if="session.rbac && session.user" class="who">{{ session.user }}<span v-if="!session.canWrite"> (read-only)</span></span>
    <button type="button" class="menu" :aria-expanded="menuOpen" aria-controls="nav" @click="menuOpen = !menuOpen">Menu</button>
    <button v-if="loggedIn" type="button" class="logout" @click="logout">Log out</button>
  </header>
  <div class="layout">
    <nav id="nav" aria-label="Main" :class="{ open: menuOpen }" :data-features="features.loaded ? 'loaded' : null" @click="menuOpen = false">
      <ul>
        <li><a href="#/" :aria-current="route.path === '/' ? 'page' : null">Overview</a></li>
        <li v-for="k in TOP_LEVEL" :key="k"><a :href="'#/e/' + k"
          :aria-current="route.path.startsWith('/e/' + k) ? 'page' : null">{{ KINDS[k].label }}</a></li>
      </ul>
      <ul aria-label="Tools">
        <li v-for="[p, label] in TOOLS" :key="p"><a :href="'#' + p" :aria-current="route.path.startsWith(p) ? 'page' : null">{{ label }}</a></li>
        <li v-if="features.callLog"><a href="#/calls" :aria-current="route.path.startsWith('/calls') ? 'page' : null">Call log</a></li>
      </ul>
      <ul v-if="features.portal" aria-label="Developer portal">
        <li v-for="[p, label] in PORTAL" :key="p"><a :href="'#' + p" :aria-current="route.path.startsWith(p) ? 'page' : null">{{ label }}</a></li>
      </ul>
    </nav>
    <main id="main" ref="main" tabindex="-1" :key="generation">
      <login v-if="screen === 'login'" />
      <overview v-else-if="screen === 'overview'" />
      <entity-list v-else-if="screen === 'list'" :target="target" :key="'l' + route.path" />
      <entity-detail v-else-if="screen === 'detail'" :target="target" :key="'d' + route.path" />
      <entity-create v-else-if="screen === 'create'" :target="target" :key="'c' + route.path" />
      <rbac-users v-else-if="screen === 'rbac-users'" />
      <rbac-user v-else-if="screen === 'rbac-user'" :name="named.name" :key="'u' + route.path" />
      <rbac-roles v-else-if="screen === 'rbac-roles'" />
      <rbac-role v-else-if="screen === 'rbac-role'" :name="named.name" :key="'r' + route.path" />
      <audit-log v-else-if="screen === 'audit-log'" />
      <config-yaml v-else-if="screen === 'config-yaml'" />
      <traffic v-else-if="screen === 'traffic'" />
      <portal-products v-else-if="screen === 'portal-products'" />
      <portal-product v-else-if="screen === 'portal-product'" :id="named ? named.name : null" :key="'p' + route.path" />
      <portal-developers v-else-if="screen === 'portal-developers'" />
      <portal-subscriptions v-else-if="screen === 'portal-subscriptions'" />
      <portal-applications v-else-if="screen === 'portal-applications'" />
      <call-log v-else-if="screen === 'call-log'" />
      <call-detail v-else-if="screen === 'call'" :id="named.name" :key="'k' + route.path" />
      <p v-else>Nothing here. <a href="#/">Back to the overview</a>.</p>
    </main>
  </div>`,
};

createApp(App)
  .component('field-input', FieldInput).component('schema-fields', SchemaFields)
  .component('login', Login).component('overview', Overview).component('entity-list', EntityList)
  .component('entity-detail', EntityDetail).component('entity-form', EntityForm).component('entity-create', EntityCreate)
  .component('rbac-users', RbacUsers).component('rbac-user', RbacUserDetail).component('rbac-roles', RbacRoles)
  .component('rbac-role', RbacRoleDetail).component('audit-log', AuditLog).component('config-yaml', ConfigYaml)
  .component('traffic', Traffic).component('workspace-switcher', WorkspaceSwitcher)
  .component('portal-products', PortalProducts).component('portal-product', PortalProductForm)
  .component('portal-developers', PortalDevelopers).component('portal-subscriptions', PortalSubscriptions)
  .component('portal-applications', PortalApplications)
  .component('call-log', CallLog).component('call-detail', CallDetail)
  .mount('#app');
