// A product's API docs: Swagger UI (its WebJar, served as /swagger-ui.js) over the document the
// developers' API prepares for try-it: its servers are the gateway's proxy, and what the gateway
// asks for is its security scheme: 'gatehouse_key', filled in with the application's key, or, for
// an oauth2 product, 'gatehouse_oauth2' (client credentials at the proxy's token endpoint), whose
// Authorize dialog is filled in with the application's client_id and client_secret.
'use strict';
const KEY_SCHEME = 'gatehouse_key';
const OAUTH2_SCHEME = 'gatehouse_oauth2';
let docsUi = null;
let tryClient = null; // {clientId, clientSecret} of the application shown last

// The key and client secret shown when an application was created or its key replaced (the API
// never shows them again); kept by this page only.
function rememberCredentials(appName, answer) {
  $('try-key').value = answer.key;
  $('try-key-note').textContent = 'Calls go through the gateway with the key of ' + appName + '.';
  tryClient = answer.client_id ? { clientId: answer.client_id, clientSecret: answer.client_secret } : null;
  if (tryClient) {
    $('try-client-note').textContent = 'Authorize gets a token from the gateway with the client of ' + appName
        + ' (filled in); calls then carry it.';
  }
  logOut(OAUTH2_SCHEME); // a token of the previous client
  applyCredentials();
}

// Forgets the scheme's credentials; Swagger UI's logout fails on a scheme it never authorized.
function logOut(scheme) {
  const authorized = docsUi && docsUi.authSelectors.authorized();
  if (authorized && authorized.get(scheme)) docsUi.authActions.logout([scheme]);
}

// After a reload the page holds no secret; the applications' answers still name their OAuth 2.0
// client ids, so Authorize starts with the first one's id and the developer types its secret.
function knowClients(applications) {
  if (tryClient) return;
  const a = applications.find(x => x.client_id);
  if (!a) return;
  tryClient = { clientId: a.client_id, clientSecret: '' };
  $('try-client-note').textContent = 'Authorize gets a token from the gateway with the client of ' + a.name
      + ' (its id filled in; type its secret, shown when the application was made or its key replaced).';
  applyCredentials();
}

function applyCredentials() {
  if (!docsUi) return;
  const key = $('try-key').value.trim();
  if (key) docsUi.preauthorizeApiKey(KEY_SCHEME, key);
  else logOut(KEY_SCHEME);
  if (tryClient) docsUi.initOAuth(tryClient); // the Authorize dialog's client_id and client_secret
}

async function showDocs(product) {
  $('docs').hidden = !product.has_openapi;
  if (!product.has_openapi) {
    $('swagger').replaceChildren();
    docsUi = null;
    return;
  }
  const oauth2 = product.auth === 'oauth2';
  $('try-key-box').hidden = oauth2;
  $('try-client-box').hidden = !oauth2;
  const spec = await call('GET', '/products/' + encodeURIComponent(product.id) + '/openapi');
  docsUi = SwaggerUIBundle({
    spec, domNode: $('swagger'), deepLinking: false, tryItOutEnabled: true, validatorUrl: null,
    onComplete: applyCredentials,
  });
}

$('try-key').addEventListener('input', applyCredentials);
