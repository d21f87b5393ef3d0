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
  if (docsUi) docsUi.authActions.logout([OAUTH2_SCHEME]); // a token of the previous client
  applyCredentials();
}

function applyCredentials() {
  if (!docsUi) return;
  const key = $('try-key').value.trim();
  if (key) docsUi.preauthorizeApiKey(KEY_SCHEME, key);
  else docsUi.authActions.logout([KEY_SCHEME]);
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
