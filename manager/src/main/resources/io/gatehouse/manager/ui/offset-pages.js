// Paging over an Admin API list that answers {data, offset}: "Older" follows the API's offset, "Newer" goes back
// through the offsets already visited (the API has no backwards cursor).
import { ref } from './vue.js';

/**
 * fetchPage(offset) resolves to {data, offset}; onError(e) turns a failure into the text shown.
 * Returns the reactive rows/error/next/offsets and load/older/newer/restart for a screen's setup.
 */
export function offsetPages(fetchPage, onError) {
  const rows = ref([]);
  const error = ref(null);
  const next = ref(null);
  const offsets = ref([]);
  let current = null;
  async function load(offset) {
    try {
      const page = await fetchPage(offset);
      rows.value = page.data;
      next.value = page.offset || null;
      current = offset;
      error.value = null;
    } catch (e) {
      error.value = onError(e);
    }
  }
  function older() { offsets.value.push(current); load(next.value); }
  function newer() { load(offsets.value.pop() || null); }
  function restart() { offsets.value = []; load(null); }
  return { rows, error, next, offsets, load, older, newer, restart };
}
