// The mining page's live part. Shares are too many to announce on the event stream (blocks and finds are: live.js
// follows them), so parts marked data-live-every="SECONDS" are re-fetched on a timer while the page is visible; the
// server renders them (statistics, charts, PPLNS window), and the page reads the same without this script.
import { refreshSoon } from './live.js';

for (const part of document.querySelectorAll('[data-live-every]')) {
  const seconds = Math.max(5, Number(part.dataset.liveEvery) || 30);
  setInterval(() => { if (document.visibilityState === 'visible') refreshSoon(part); }, seconds * 1000);
}
