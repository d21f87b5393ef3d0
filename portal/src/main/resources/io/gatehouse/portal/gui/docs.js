// A product's API docs: Swagger UI (its WebJar, served as /swagger-ui.js) over the document the
// developers' API prepares for try-it: its servers are the gateway's proxy, and the gateway's key
// is the security scheme 'gatehouse_key', filled in with the application's key.
'use strict';
const KEY_SCHEME = 'gatehouse_key';
let docsUi = null;

// The key shown when an application was created (the API never shows it again); kept by this page only.
function rememberKey(appName, key) {
  $('try-key').value = key;
  $('try-key-note').textContent = 'Calls go through the gateway with the key of ' + appName + '.';
  applyKey();
}

function applyKey() {
  if (!docsUi) return;
  const key = $('try-key').value.trim();
  if (key) docsUi.preauthorizeApiKey(KEY_SCHEME, key);
  else docsUi.authActions.logout([KEY_SCHEME]);
}

async function showDocs(product) {
  $('docs').hidden = !product.has_openapi;
  if (!product.has_openapi) {
    $('swagger').replaceChildren();
    docsUi = null;
    return;
  }
  const spec = await call('GET', '/products/' + encodeURIComponent(product.id) + '/openapi');
  docsUi = SwaggerUIBundle({
    spec, domNode: $('swagger'), deepLinking: false, tryItOutEnabled: true, validatorUrl: null,
    onComplete: applyKey,
  });
}

$('try-key').addEventListener('input', applyKey);
