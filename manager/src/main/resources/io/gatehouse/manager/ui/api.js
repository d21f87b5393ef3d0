// The one Admin API client of the UI: every call goes through request(), which adds the RBAC token
// (in the header kconfig.js names, Kong's admin_gui_auth_header) or, with admin_gui_auth = basic-auth,
// sends the session cookie GET /auth set, and adds the workspace prefix (/{ws}/...).
import { reactive } from './vue.js';

const K = window.K_CONFIG || {};
const HEADER = K.RBAC_HEADER || 'Kong-Admin-Token';
const STORED = { token: 'gatehouse.adminToken', workspace: 'gatehouse.workspace', basic: 'gatehouse.basicSession' };
/** Kong Enterprise's admin_gui_auth: 'basic-auth' logs in with user + password to a cookie session. */
const BASIC = K.ADMIN_GUI_AUTH === 'basic-auth';

export class ApiError extends Error {
  constructor(status, body) {
    super((body && body.message) || `HTTP ${status}`);
    this.status = status;
    this.body = body || {};
  }
  /** Kong's schema violation: {fields: {name: "msg", config: {minute: "msg"}}} */
  get fields() { return this.body.fields || {}; }
}

export function apiBase() {
  if (K.ADMIN_API_URL) return K.ADMIN_API_URL.replace(/\/+$/, '');
  const https = location.protocol === 'https:' && K.ADMIN_API_SSL_PORT;
  const port = https ? K.ADMIN_API_SSL_PORT : (K.ADMIN_API_PORT || '8001');
  return `${https ? 'https' : 'http'}://${location.hostname}:${port}`;
}

/**
 * The session, kept in sessionStorage (gone with the tab): the token, or with basic-auth only the
 * fact that a cookie session was opened (the cookie itself is HttpOnly). After a login the UI reads
 * GET /userinfo: the user's name, the workspaces it has rights in (null: unknown, the switcher lists
 * GET /workspaces) and its permission map, by which the screens show write buttons (may()). The
 * Admin API still decides each request (a refused write shows its 403).
 */
export const session = reactive({
  rbac: K.RBAC_ENFORCED === 'true',
  basic: BASIC,
  header: HEADER,
  token: sessionStorage.getItem(STORED.token),
  loggedIn: !!(sessionStorage.getItem(STORED.token) || sessionStorage.getItem(STORED.basic)),
  user: null,
  workspaces: null,
  perms: null,
  workspace: sessionStorage.getItem(STORED.workspace) || 'default',
  canWrite: true,
  onUnauthorized: () => {},
});

function store(key, v) { v ? sessionStorage.setItem(STORED[key], v) : sessionStorage.removeItem(STORED[key]); }

function forget() {
  session.token = null;
  session.loggedIn = false;
  session.user = null;
  session.workspaces = null;
  session.perms = null;
  session.canWrite = true;
  store('token', null);
  store('basic', null);
  useWorkspace('default'); // the next user may have no rights in the last one's workspace
}

/** A token login: kept for this tab, sent with every call; the caller checks it with a first call. */
export function logIn(token) {
  forget();
  session.token = token || null;
  session.loggedIn = !!session.token;
  store('token', session.token);
}

/** Kong Enterprise's basic-auth login: GET /auth with the user's password opens a cookie session. */
export async function logInBasic(user, password) {
  forget();
  const res = await fetch(apiBase() + '/auth', {
    headers: { Accept: 'application/json', Authorization: 'Basic ' + btoa(unescape(encodeURIComponent(`${user}:${password}`))),
      'Kong-Admin-User': user },
    credentials: 'include', mode: 'cors',
  });
  const json = await res.json().catch(() => ({}));
  if (!res.ok) throw new ApiError(res.status, json);
  session.loggedIn = true;
  store('basic', '1');
  applyUserInfo(json);
}

/** Ends the login; a cookie session is closed on the server too (DELETE /auth). */
export function logOut() {
  if (session.basic && session.loggedIn) {
    fetch(apiBase() + '/auth', { method: 'DELETE', credentials: 'include', mode: 'cors' }).catch(() => {});
  }
  forget();
}

export function useWorkspace(name) {
  session.workspace = name || 'default';
  store('workspace', session.workspace === 'default' ? null : session.workspace);
}

/**
 * Node-wide endpoints, never under a workspace prefix (/schemas is served under every prefix). The call log
 * (/analytics/...) and /portal/* are not: each workspace reads its own calls and has its own portal under its
 * prefix (docs/analytics.md, docs/portal.md).
 */
const NODE_WIDE = ['/status', '/workspaces', '/plugins/enabled', '/endpoints', '/config', '/metrics'];

/** Only the default workspace keeps plain paths; any other is a /{ws} prefix. */
function prefix(path, global) {
  const nodeWide = path === '/' || path.startsWith('/?') || NODE_WIDE.some((p) => path.startsWith(p));
  if (global || nodeWide || session.workspace === 'default') return path;
  return `/${encodeURIComponent(session.workspace)}${path}`;
}

export async function request(method, path, body, { global = false, text: asText = false } = {}) {
  const headers = { Accept: 'application/json' };
  if (session.token) headers[HEADER] = session.token;
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  const res = await fetch(apiBase() + prefix(path, global), {
    method, headers, body: body === undefined ? undefined : JSON.stringify(body), mode: 'cors',
    credentials: session.basic ? 'include' : 'same-origin',
  });
  const text = await res.text();
  if (asText && res.ok) return text;
  let json = null;
  try { json = text ? JSON.parse(text) : null; } catch { json = { message: text }; }
  if (res.status === 401) session.onUnauthorized();
  if (!res.ok) throw new ApiError(res.status, json);
  return json;
}

export const api = {
  get: (p, o) => request('GET', p, undefined, o),
  post: (p, b, o) => request('POST', p, b, o),
  patch: (p, b, o) => request('PATCH', p, b, o),
  del: (p, b, o) => request('DELETE', p, b, o),
};

const WRITES = ['create', 'update', 'delete'];

/** Whether a permission map (GET /rbac/users/{u}/permissions) grants any write anywhere. */
export function grantsWrite(perms) {
  const rules = [];
  for (const byEndpoint of Object.values(perms.endpoints || {})) rules.push(...Object.values(byEndpoint));
  rules.push(...Object.values(perms.entities || {}));
  return rules.some((r) => !r.negative && (r.actions || []).some((a) => WRITES.includes(a)));
}

function applyUserInfo(info) {
  session.user = info.rbac_user ? info.rbac_user.name : null;
  session.workspaces = (info.workspaces || []).map((w) => w.name).sort();
  session.perms = info.permissions || null;
  session.canWrite = session.perms ? grantsWrite(session.perms) : true;
}

/** After a login (or a reload): who am I (GET /userinfo); unknown (an older node, RBAC off) means "may write". */
export async function loadUserInfo() {
  session.canWrite = true;
  if (!session.rbac || !session.loggedIn) return;
  try {
    applyUserInfo(await api.get('/userinfo', { global: true }));
  } catch { session.user = null; session.workspaces = null; session.perms = null; }
}

/** Which rule level an endpoint pattern matches a path at, as the Admin API's EndpointRules. */
function levelOf(endpoint, path) {
  if (endpoint === '*') return 2;
  if (endpoint === path) return 0;
  const want = endpoint.split('/');
  const have = path.split('/');
  if (want.length !== have.length || !endpoint.includes('*')) return -1;
  return want.every((w, i) => (w === '*' ? have[i] !== '' : w === have[i])) ? 1 : -1;
}

/** The Admin API's entity collections (the first path segment): entity permissions apply under them. */
const ENTITY_ROOTS = ['services', 'routes', 'consumers', 'plugins', 'upstreams', 'targets', 'certificates', 'snis',
  'ca_certificates', 'vaults', 'keys', 'key-sets'];
const isEntityPath = (path) => ENTITY_ROOTS.includes(path.split('/')[1]);

/** The endpoint rules, as the Admin API's EndpointRules: workspace before '*', then level; a negative wins at its level. */
function endpointsAllow(action, path) {
  const endpoints = session.perms.endpoints || {};
  for (const ws of [session.workspace, '*']) {
    const rules = Object.entries(endpoints[ws] || {});
    for (const level of [0, 1, 2]) {
      let positive = false;
      let negative = false;
      for (const [endpoint, rule] of rules) {
        if (!(rule.actions || []).includes(action) || levelOf(endpoint, path) !== level) continue;
        if (rule.negative) negative = true; else positive = true;
      }
      if (negative) return false;
      if (positive) return true;
    }
  }
  return false;
}

/** The entity rules, as the Admin API's EntityRules: the entity's own id before '*'; a negative wins at its level. */
function entityAllows(action, id) {
  const entities = session.perms.entities || {};
  for (const key of [id, '*']) {
    const rule = entities[key];
    if (rule && (rule.actions || []).includes(action)) return !rule.negative;
  }
  return false;
}

/**
 * Whether the user may do action ('create', 'update', 'delete') on path (no workspace prefix) in the
 * current workspace. Endpoint rules apply with enforce_rbac = on or both, and with entity to paths
 * that are not entity endpoints (/rbac, /declarative, /portal). Entity rules apply with entity or
 * both when entityId names the entity the path ends at (a collection's create needs none). Unknown
 * permissions (no /userinfo) allow: the API decides. The map merges rules that share a key, so a
 * rare mix can still show a button the API refuses.
 */
export function may(action, path, entityId) {
  if (!session.perms) return true;
  const mode = K.RBAC || 'on';
  const endpointRules = mode === 'on' || mode === 'both' || (mode === 'entity' && !isEntityPath(path));
  if (endpointRules && !endpointsAllow(action, path)) return false;
  const entityRules = (mode === 'entity' || mode === 'both') && entityId && isEntityPath(path);
  return !entityRules || entityAllows(action, entityId);
}
