// What this node serves, from GET /endpoints (the Admin API's route templates): screens for optional parts
// (the developer portal, the call log) show only where their endpoints exist.
import { reactive, watch } from './vue.js';
import { api, session } from './api.js';

export const features = reactive({ portal: false, callLog: false, loaded: false });

async function load() {
  if (session.rbac && !session.loggedIn) { features.portal = false; features.callLog = false; return; } // the login first
  try {
    const templates = (await api.get('/endpoints', { global: true })).data || [];
    features.portal = templates.includes('/portal/products');
    features.callLog = templates.includes('/analytics/calls');
  } catch { features.portal = false; features.callLog = false; }
  features.loaded = true;
}

watch(() => session.loggedIn, load, { immediate: true });
