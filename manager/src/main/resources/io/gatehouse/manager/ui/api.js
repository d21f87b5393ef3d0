// The one Admin API client of the UI: every call goes through request(), which adds the RBAC token
// (in the header kconfig.js names, Kong's admin_gui_auth_header) and the workspace prefix (/{ws}/...).
import { reactive } from './vue.js';

const K = window.K_CONFIG || {};
const HEADER = K.RBAC_HEADER || 'Kong-Admin-Token';
const STORED = { token: 'gatehouse.adminToken', user: 'gatehouse.adminUser', workspace: 'gatehouse.workspace' };

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
 * The session, kept in sessionStorage (gone with the tab). canWrite is what the screens show write
 * buttons by: false only when the user's permissions are known to grant no write at all; the Admin
 * API still decides each request (a refused write shows its 403).
 */
export const session = reactive({
  rbac: K.RBAC_ENFORCED === 'true',
  header: HEADER,
  token: sessionStorage.getItem(STORED.token),
  user: sessionStorage.getItem(STORED.user),
  workspace: sessionStorage.getItem(STORED.workspace) || 'default',
  canWrite: true,
  onUnauthorized: () => {},
});

function store(key, v) { v ? sessionStorage.setItem(STORED[key], v) : sessionStorage.removeItem(STORED[key]); }

export function logIn(token, user) {
  session.token = token || null;
  session.user = user || null;
  store('token', session.token);
  store('user', session.user);
}

export function logOut() { logIn(null, null); session.canWrite = true; }

export function useWorkspace(name) {
  session.workspace = name || 'default';
  store('workspace', session.workspace === 'default' ? null : session.workspace);
}

/**
 * Node-wide endpoints, never under a workspace prefix (/schemas is served under every prefix).
 * /portal/* is per workspace (each workspace has its own portal, docs/portal.md).
 */
const NODE_WIDE = ['/status', '/workspaces', '/plugins/enabled', '/endpoints', '/config', '/analytics', '/metrics'];

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

/** After a login: reads the user's permissions when the name is known; unknown means "may write". */
export async function loadPermissions() {
  session.canWrite = true;
  if (!session.rbac || !session.user) return;
  try {
    const perms = await api.get(`/rbac/users/${encodeURIComponent(session.user)}/permissions`, { global: true });
    session.canWrite = grantsWrite(perms);
  } catch { /* an admin without /rbac rights cannot read its own map: the API decides each write */ }
}
