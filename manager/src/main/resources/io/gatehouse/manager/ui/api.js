// The one Admin API client of the UI: every call goes through request(), so a workspace prefix
// (/{workspace}/...) or another auth scheme is added here only.
const TOKEN_KEY = 'gatehouse.adminToken';
const HEADER = 'Kong-Admin-Token';

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
  const k = window.K_CONFIG || {};
  if (k.ADMIN_API_URL) return k.ADMIN_API_URL.replace(/\/+$/, '');
  const https = location.protocol === 'https:' && k.ADMIN_API_SSL_PORT;
  const port = https ? k.ADMIN_API_SSL_PORT : (k.ADMIN_API_PORT || '8001');
  return `${https ? 'https' : 'http'}://${location.hostname}:${port}`;
}

export const session = {
  workspace: null, // later: '/{workspace}' prefix
  get token() { return sessionStorage.getItem(TOKEN_KEY); },
  set token(v) { v ? sessionStorage.setItem(TOKEN_KEY, v) : sessionStorage.removeItem(TOKEN_KEY); },
  onUnauthorized: () => {},
};

export async function request(method, path, body) {
  const headers = { Accept: 'application/json' };
  if (session.token) headers[HEADER] = session.token;
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  const prefix = session.workspace ? `/${encodeURIComponent(session.workspace)}` : '';
  const res = await fetch(apiBase() + prefix + path, {
    method, headers, body: body === undefined ? undefined : JSON.stringify(body), mode: 'cors',
  });
  const text = await res.text();
  let json = null;
  try { json = text ? JSON.parse(text) : null; } catch { json = { message: text }; }
  if (res.status === 401) session.onUnauthorized();
  if (!res.ok) throw new ApiError(res.status, json);
  return json;
}

export const api = {
  get: (p) => request('GET', p),
  post: (p, b) => request('POST', p, b),
  patch: (p, b) => request('PATCH', p, b),
  del: (p) => request('DELETE', p),
};
