// The developer portal's page: calls the developers' API (portal_api_listen) with the session cookie.
'use strict';
// a workspace's portal is its page at /{workspace}/ and its API under the same prefix
const WORKSPACE = (location.pathname.match(/^\/([^/]+)/) || [])[1];
// the API is at portal_api_url when the node has one; else an https page calls the API's first TLS
// listener (portal_api_listen ... ssl) on the page's own host, a plain page its first plain one
const API = (window.PORTAL_API_URL ? window.PORTAL_API_URL.replace(/\/+$/, '')
  : location.protocol + '//' + location.hostname + ':'
    + (location.protocol === 'https:' ? window.PORTAL_API_SSL_PORT : window.PORTAL_API_PORT))
  + (WORKSPACE ? '/' + WORKSPACE : '');
const $ = id => document.getElementById(id);
let products = [];

async function call(method, path, body) {
  const r = await fetch(API + path, {
    method, credentials: 'include',
    headers: body ? { 'Content-Type': 'application/json' } : {},
    body: body ? JSON.stringify(body) : undefined,
  });
  const data = r.status === 204 ? null : await r.json();
  if (!r.ok) {
    let text = data && data.message ? data.message : 'HTTP ' + r.status;
    if (data && data.fields) text += ': ' + Object.entries(data.fields).map(([k, v]) => k + ' ' + v).join('; ');
    throw new Error(text);
  }
  return data;
}

function say(text) { $('message').textContent = text; }

function credentials() { return { email: $('email').value, password: $('password').value }; }

async function signup() {
  const d = await call('POST', '/register', credentials());
  say(d.status === 'approved' ? 'Account created; log in.' : 'Account created; it is waiting for approval.');
}

async function login() {
  const d = await call('POST', '/session', credentials());
  await enter(d);
}

async function enter(me) {
  $('me').textContent = me.email;
  $('account').hidden = true;
  $('workspace').hidden = false;
  say('Logged in.');
  await Promise.all([loadProducts(), loadApplications()]);
}

async function loadProducts() {
  const q = $('search').value;
  products = (await call('GET', '/products' + (q ? '?q=' + encodeURIComponent(q) : ''))).data;
  const list = $('products');
  list.replaceChildren(...products.map(p => {
    const li = document.createElement('li');
    const a = document.createElement('a');
    a.href = '#'; a.textContent = p.name + (p.version ? ' ' + p.version : '');
    a.onclick = e => { e.preventDefault(); showProduct(p.id).catch(err => say(err.message)); };
    li.append(a, ' — ' + (p.description || ''));
    return li;
  }));
  $('sub-product').replaceChildren(...products.map(p => new Option(p.name, p.id)));
  showPlans();
}

function showPlans() {
  const p = products.find(x => x.id === $('sub-product').value);
  $('sub-plan').replaceChildren(...(p ? p.plans : []).map(pl => new Option(pl.name, pl.name)));
}

async function showProduct(id) {
  const p = await call('GET', '/products/' + id);
  $('product-name').textContent = p.name;
  $('product-description').textContent = p.description || '';
  $('product-openapi').textContent = p.openapi || '(no OpenAPI document)';
  $('product-detail').hidden = false;
  await showDocs(p); // docs.js
}

async function loadApplications() {
  const apps = (await call('GET', '/applications')).data;
  const details = await Promise.all(apps.map(a => call('GET', '/applications/' + a.id)));
  $('applications').replaceChildren(...details.map(applicationItem));
  knowClients(details); // docs.js: try-it's Authorize starts with a client id
  $('sub-app').replaceChildren(...apps.map(a => new Option(a.name, a.id)));
  usageApplications(apps); // usage.js
}

function button(text, label, f) {
  const b = document.createElement('button');
  b.type = 'button'; b.textContent = text; b.setAttribute('aria-label', label);
  b.addEventListener('click', () => f().catch(err => say(err.message)));
  return b;
}

/** An application with its actions (rotate the key, delete) and its subscriptions. */
function applicationItem(a) {
  const li = document.createElement('li');
  li.dataset.app = a.name;
  const name = document.createElement('span');
  name.className = 'app-name'; name.textContent = a.name;
  const actions = document.createElement('span');
  actions.className = 'actions';
  actions.append(button('Rotate key', 'Rotate the key of ' + a.name, () => rotateKey(a)),
    button('Delete', 'Delete application ' + a.name, () => deleteApp(a)));
  li.append(name, ' ', actions);
  const ul = document.createElement('ul');
  for (const s of a.subscriptions) ul.append(subscriptionItem(a, s));
  li.append(ul);
  return li;
}

/** A subscription; on an auto-approved product the developer may move it to another plan (an operator's otherwise). */
function subscriptionItem(a, s) {
  const p = products.find(x => x.id === s.product.id);
  const pname = p ? p.name : s.product.id;
  const item = document.createElement('li');
  item.className = 'subscription status-' + s.status;
  item.dataset.product = pname;
  const text = document.createElement('span');
  text.textContent = pname + ' (' + s.plan + '): ' + s.status;
  item.append(text);
  if (p && p.auto_approve && p.plans.length > 1) {
    const id = 'plan-' + s.id;
    const label = document.createElement('label');
    label.htmlFor = id; label.className = 'inline'; label.textContent = 'Plan for ' + a.name + ' on ' + pname;
    const select = document.createElement('select');
    select.id = id;
    select.replaceChildren(...p.plans.map(pl => new Option(pl.name, pl.name, false, pl.name === s.plan)));
    item.append(' ', label, select, button('Change plan', 'Change the plan of ' + a.name + ' on ' + pname,
      () => changePlan(a, s, select.value)));
  }
  return item;
}

function showKey(text, key, answer) {
  $('key-label').textContent = text;
  $('key').textContent = key;
  $('new-key').hidden = false;
  // the application's OAuth 2.0 client, when the node has one for it (oauth2 products)
  $('client-id').textContent = answer.client_id || '';
  $('client-secret').textContent = answer.client_secret || '';
  $('new-client').hidden = !answer.client_id;
}

async function createApp() {
  const a = await call('POST', '/applications', { name: $('app-name').value });
  await loadApplications(); // first, so the new application can be chosen once the key shows
  $('sub-app').value = a.id;
  showKey('Your key (shown once):', a.key, a);
  rememberCredentials(a.name, a); // docs.js: try-it uses them
  say('Application ' + a.name + ' created.');
}

async function rotateKey(a) {
  if (!confirm('Replace the key and client secret of ' + a.name + '? The current ones stop working at once.')) return;
  const r = await call('POST', '/applications/' + a.id + '/key');
  showKey('New key of ' + a.name + ' (shown once):', r.key, r);
  rememberCredentials(a.name, r);
  say('The key of ' + a.name + ' was replaced.');
}

async function deleteApp(a) {
  if (!confirm('Delete application ' + a.name + '? Its key stops working at once.')) return;
  await call('DELETE', '/applications/' + a.id);
  $('new-key').hidden = true; // a key shown may be this application's
  $('new-client').hidden = true;
  await loadApplications();
  say('Application ' + a.name + ' deleted.');
}

async function changePlan(a, s, plan) {
  const r = await call('PATCH', '/applications/' + a.id + '/subscriptions/' + s.id, { plan });
  await loadApplications(); // first: the message comes with the new state
  say('Plan of ' + a.name + ' changed to ' + r.plan + '.');
}

async function deleteAccount() {
  if (!confirm('Delete your account ' + $('me').textContent + ' and all its applications? This cannot be undone.')) return;
  await call('DELETE', '/developer');
  location.hash = '#account_deleted';
  location.reload();
}

async function subscribe() {
  if (!$('sub-app').value || !$('sub-product').value) {
    say('Choose an application and a product first.');
    return;
  }
  const s = await call('POST', '/applications/' + $('sub-app').value + '/subscriptions',
    { product: $('sub-product').value, plan: $('sub-plan').value });
  say('Subscription ' + s.status + '.');
  await loadApplications();
}

async function logout() {
  await call('DELETE', '/session');
  location.reload();
}

function on(id, event, f) {
  $(id).addEventListener(event, () => f().catch(err => say(err.message)));
}

on('signup', 'click', signup);
on('login', 'click', login);
on('logout', 'click', logout);
on('delete-account', 'click', deleteAccount);
on('create-app', 'click', createApp);
on('subscribe', 'click', subscribe);
on('search', 'input', loadProducts);
$('sub-product').addEventListener('change', showPlans);
// a live session (page reloaded) goes straight to the workspace; the status list refreshes on focus
call('GET', '/developer').then(enter).catch(() => {});
window.addEventListener('focus', () => { if (!$('workspace').hidden) loadApplications().catch(err => say(err.message)); });

// e-mail and password accounts unless the portal is OpenID-only; login through an OpenID provider
// when the portal has one (portal_auth = openid-connect): the API sends the browser there and back
// here; a failed login comes back as #login_error=…
call('GET', '/auth').then(auth => {
  $('password-login').hidden = !auth.password;
  if (!auth.openid_connect) return;
  $('oidc-login').href = API + auth.openid_connect.login + '?return_to=' + encodeURIComponent(location.origin + location.pathname);
  $('oidc').hidden = false;
}).catch(() => { $('password-login').hidden = false; });
if (location.hash === '#account_deleted') {
  say('Your account was deleted.');
  history.replaceState(null, '', location.pathname);
}
if (location.hash.startsWith('#login_error=')) {
  say(decodeURIComponent(location.hash.substring('#login_error='.length)));
  history.replaceState(null, '', location.pathname);
}
