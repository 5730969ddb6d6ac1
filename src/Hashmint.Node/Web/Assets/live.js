// Live parts of the explorer's pages. Every page reads fine without this script; with it:
//  - elements with data-live="/fragments/NAME" and data-live-on="block mint transaction reorg" are re-fetched
//    (server-rendered HTML) when such an event arrives on the node's event stream, /api/v1/events;
//  - <time data-ago="UNIX"> elements keep saying how long ago, and [data-tip-height] follows the tip.
const parts = [...document.querySelectorAll('[data-live]')];
const tipHeights = [...document.querySelectorAll('[data-tip-height]')];

export function ago(unix, now = Date.now() / 1000) {
  const s = Math.floor(now - unix);
  if (s < 0) return 'in the future';
  if (s < 5) return 'just now';
  if (s < 60) return `${s} s ago`;
  if (s < 3600) return `${Math.floor(s / 60)} min ago`;
  if (s < 86400) return `${Math.floor(s / 3600)} h ago`;
  const d = Math.floor(s / 86400);
  return `${d} day${d === 1 ? '' : 's'} ago`;
}

function refreshTimes(root = document) {
  for (const t of root.querySelectorAll('time[data-ago]')) t.textContent = ago(Number(t.dataset.ago));
}

const pending = new Set();
let timer = null;
let busy = false;

/** Re-fetches a live part soon (with any others due): mining.js calls this on a timer for parts no event announces. */
export function refreshSoon(part) {
  pending.add(part);
  schedule();
}

async function refreshParts() {
  timer = null;
  if (busy) { schedule(); return; }
  busy = true;
  const list = [...pending];
  pending.clear();
  try {
    for (const part of list) {
      const response = await fetch(part.dataset.live, { headers: { accept: 'text/html' } });
      if (!response.ok) continue;
      const doc = new DOMParser().parseFromString(await response.text(), 'text/html');
      part.replaceChildren(...doc.body.childNodes);
      refreshTimes(part);
    }
    document.dispatchEvent(new CustomEvent('hashmint:updated', { detail: list.length }));
  } catch {
    // The node went away or restarted: the next event tries again.
  } finally {
    busy = false;
  }
}

function schedule() {
  if (!timer) timer = setTimeout(refreshParts, 250);
}

if ((parts.length || tipHeights.length) && 'EventSource' in window) {
  const events = new EventSource('/api/v1/events');
  for (const kind of ['block', 'mint', 'transaction', 'reorg', 'pool-block', 'pool-nft']) {
    events.addEventListener(kind, (e) => {
      if (kind === 'block' || kind === 'reorg') {
        try {
          const data = JSON.parse(e.data);
          for (const el of tipHeights) el.textContent = data.height;
          document.dispatchEvent(new CustomEvent('hashmint:tip', { detail: data.height }));
        } catch { /* not JSON: leave the number */ }
      }
      let any = false;
      for (const part of parts) {
        if ((part.dataset.liveOn || '').split(' ').includes(kind)) { pending.add(part); any = true; }
      }
      if (any) schedule();
    });
  }
  events.addEventListener('ready', () => document.documentElement.dataset.live = 'on');
  window.addEventListener('pagehide', () => events.close());
}

setInterval(refreshTimes, 5000);

// Page-specific modules, loaded only where they have something to do.
if (document.querySelector('[data-proof]')) import('./proof.js');
if (document.querySelector('form[data-autosubmit]')) import('./gallery.js');
if (document.querySelector('[data-room]')) import('./exhibition.js');
if (document.querySelector('[data-live-every]')) import('./mining.js');
if (document.querySelector('[data-countdown], [data-dutch], [data-cli-options]')) import('./market.js');
