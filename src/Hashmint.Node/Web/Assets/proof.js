// Checks a token page's ownership proof in the browser (smt.js) against the state root of the block it names, and
// that the proven record's first 32 bytes are the owner the page shows. The result replaces the no-script text.
import { verifyStateProof, hexToBytes, bytesToHex } from './smt.js';

async function check(section) {
  const out = section.querySelector('[data-proof-result]');
  const d = section.dataset;
  out.className = 'proof-result';
  out.textContent = 'Checking the proof in your browser…';
  try {
    const ok = await verifyStateProof({ root: d.root, stateKey: d.key, value: d.value, proof: d.proofBytes });
    const owner = bytesToHex(hexToBytes(d.value).slice(0, 32));
    if (ok && owner === d.ownerKey) {
      out.classList.add('ok');
      out.textContent = `✓ Verified in your browser against block ${d.height}: this state root holds this record, and its owner is the one shown.`;
    } else {
      out.classList.add('bad');
      out.textContent = ok
        ? '✗ Verification failed: the proven record names a different owner than the page shows.'
        : `✗ Verification failed: the proof does not lead to the state root of block ${d.height}.`;
    }
  } catch (e) {
    out.classList.add('bad');
    out.textContent = `✗ Verification failed: ${e.message}.`;
  }
  section.dataset.verified = out.classList.contains('ok') ? 'yes' : 'no';
}

for (const section of document.querySelectorAll('[data-proof]')) {
  const again = section.querySelector('[data-proof-verify]');
  if (again) { again.hidden = false; again.addEventListener('click', () => check(section)); }
  check(section);
}
