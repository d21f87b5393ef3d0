// Hash routing: #/, #/login, #/e/<Admin API path> (a collection, an entity, or <collection>/new).
import { reactive } from './vue.js';

export const route = reactive({ path: '/' });

function sync() { route.path = decodeURI(location.hash.replace(/^#/, '')) || '/'; }
window.addEventListener('hashchange', sync);
sync();

export function go(path) { location.hash = '#' + path; }
export function href(path) { return '#' + path; }
