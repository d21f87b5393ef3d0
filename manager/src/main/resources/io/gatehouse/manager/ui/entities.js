// The entity kinds the UI knows, by the Admin API collection segment. The schema of each comes
// from /schemas/{schema}; plugins' config schemas from /schemas/plugins/{name}.
export const KINDS = {
  services: { schema: 'services', label: 'Services', children: ['routes', 'plugins'] },
  routes: { schema: 'routes', label: 'Routes', children: ['plugins'] },
  consumers: { schema: 'consumers', label: 'Consumers', children: ['plugins', 'key-auth', 'basic-auth', 'hmac-auth', 'jwt', 'acls'] },
  plugins: { schema: 'plugins', label: 'Plugins', children: [] },
  upstreams: { schema: 'upstreams', label: 'Upstreams', children: ['targets'] },
  targets: { schema: 'targets', label: 'Targets', children: [], nestedOnly: true },
  certificates: { schema: 'certificates', label: 'Certificates', children: ['snis'] },
  snis: { schema: 'snis', label: 'SNIs', children: [] },
  ca_certificates: { schema: 'ca_certificates', label: 'CA certificates', children: [] },
  'key-auth': { schema: 'keyauth_credentials', label: 'Key-auth credentials', children: [], nestedOnly: true },
  'basic-auth': { schema: 'basicauth_credentials', label: 'Basic-auth credentials', children: [], nestedOnly: true },
  'hmac-auth': { schema: 'hmacauth_credentials', label: 'HMAC-auth credentials', children: [], nestedOnly: true },
  jwt: { schema: 'jwt_secrets', label: 'JWT credentials', children: [], nestedOnly: true },
  acls: { schema: 'acls', label: 'ACLs', children: [], nestedOnly: true },
};

export const TOP_LEVEL = Object.keys(KINDS).filter((k) => !KINDS[k].nestedOnly);

/** The columns a list shows: the first of these the schema has, then tags. */
const PREFERRED = ['name', 'username', 'custom_id', 'key', 'target', 'weight', 'host', 'port', 'protocol',
  'paths', 'hosts', 'methods', 'group', 'enabled', 'snis'];

export function columns(fields) {
  const names = fields.map((f) => Object.keys(f)[0]);
  const cols = PREFERRED.filter((c) => names.includes(c)).slice(0, 5);
  if (names.includes('tags')) cols.push('tags');
  return cols;
}

/**
 * Parses an Admin API path from the route: {kind, collection (API path), id?, isNew, parent?}.
 * /services → list; /services/new → create; /services/x → detail; /consumers/c/key-auth → nested list.
 */
export function parse(path) {
  const segs = path.split('/').filter(Boolean);
  if (segs.length === 0) return null;
  const last = segs[segs.length - 1];
  if (KINDS[last] && (segs.length % 2 === 1)) {
    return { kind: last, collection: '/' + segs.join('/'), parent: parentOf(segs, segs.length - 1) };
  }
  const kind = segs[segs.length - 2];
  if (!KINDS[kind]) return null;
  const collection = '/' + segs.slice(0, -1).join('/');
  if (last === 'new') return { kind, collection, isNew: true, parent: parentOf(segs, segs.length - 2) };
  return { kind, collection, id: last, parent: parentOf(segs, segs.length - 2) };
}

function parentOf(segs, kindIndex) {
  if (kindIndex < 2) return null;
  return { kind: segs[kindIndex - 2], id: segs[kindIndex - 1] };
}

/** A short human label for an entity. */
export function title(e) {
  return e.name || e.username || e.custom_id || e.target || e.key || e.group || e.id;
}

export function display(v) {
  if (v === null || v === undefined) return '';
  if (Array.isArray(v)) return v.map(display).join(', ');
  if (typeof v === 'object') return v.id || v.name || JSON.stringify(v);
  return String(v);
}
