// Sparse-Merkle proof verification, exactly as docs/STORAGE.md ("Proofs") and src/Hashmint.Storage/StateTree specify:
//   tree key = SHA256(state key), value hash = SHA256(value); leaf = SHA256(0x00 | key | valueHash),
//   internal node = SHA256(0x01 | left | right), empty subtree = 32 zero bytes; a key's bits are walked from the most
//   significant bit of byte 0 (0 = left). Proof bytes: terminal (0 empty, 1 leaf) | depth u16 BE | depth × 32-byte
//   siblings (root first) | for a leaf its key (32) and value hash (32); nothing may follow.
// Uses WebCrypto (crypto.subtle), which browsers offer in secure contexts: https, http://127.0.0.1, http://localhost.

export function hexToBytes(hex) {
  if (typeof hex !== 'string' || hex.length % 2 !== 0 || /[^0-9a-fA-F]/.test(hex)) throw new Error('not hex');
  const out = new Uint8Array(hex.length / 2);
  for (let i = 0; i < out.length; i++) out[i] = parseInt(hex.substr(i * 2, 2), 16);
  return out;
}

export function bytesToHex(bytes) {
  return [...bytes].map((b) => b.toString(16).padStart(2, '0')).join('');
}

export async function sha256(bytes) {
  if (!globalThis.crypto?.subtle) throw new Error('WebCrypto is not available (the page is not in a secure context)');
  return new Uint8Array(await crypto.subtle.digest('SHA-256', bytes));
}

function concat(...parts) {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let o = 0;
  for (const p of parts) { out.set(p, o); o += p.length; }
  return out;
}

function equal(a, b) {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

const isEmpty = (h) => h.every((b) => b === 0);
const bitAt = (key, depth) => (key[depth >> 3] >> (7 - (depth & 7))) & 1;

function sharePrefix(a, b, bits) {
  for (let i = 0; i < bits; i++) if (bitAt(a, i) !== bitAt(b, i)) return false;
  return true;
}

/** Decodes proof bytes; throws with the reason for anything but exactly one well-formed proof. */
export function decodeProof(bytes) {
  if (bytes.length < 3) throw new Error(`${bytes.length} bytes is shorter than the 3-byte header`);
  const terminal = bytes[0];
  if (terminal !== 0 && terminal !== 1) throw new Error(`unknown terminal kind ${terminal}`);
  const depth = (bytes[1] << 8) | bytes[2];
  if (depth > 256) throw new Error(`depth ${depth} exceeds 256`);
  const expected = 3 + depth * 32 + (terminal === 1 ? 64 : 0);
  if (bytes.length < expected) throw new Error(`truncated: ${bytes.length} bytes, expected ${expected}`);
  if (bytes.length > expected) throw new Error(`${bytes.length - expected} trailing bytes after the proof`);
  const siblings = [];
  let o = 3;
  for (let i = 0; i < depth; i++, o += 32) siblings.push(bytes.slice(o, o + 32));
  const leaf = terminal === 1 ? { key: bytes.slice(o, o + 32), valueHash: bytes.slice(o + 32, o + 64) } : null;
  return { siblings, leaf };
}

/**
 * True when the proof shows that `key` (32 bytes) holds `valueHash` (32 bytes) under `root`, or, with an empty
 * `valueHash`, that `key` is absent.
 */
export async function verifyProof(root, key, valueHash, proof) {
  if (root.length !== 32 || key.length !== 32 || (valueHash.length !== 0 && valueHash.length !== 32)) throw new Error('bad lengths');
  const depth = proof.siblings.length;
  const absence = valueHash.length === 0;
  if (depth > 0 && isEmpty(proof.siblings[depth - 1])) return false;
  let h;
  if (proof.leaf) {
    const { key: k, valueHash: v } = proof.leaf;
    if (!sharePrefix(k, key, depth)) return false;
    const sameKey = equal(k, key);
    if (absence ? sameKey : (!sameKey || !equal(v, valueHash))) return false;
    h = await sha256(concat([0x00], k, v));
  } else {
    if (!absence) return false;
    h = new Uint8Array(32);
  }
  for (let level = depth - 1; level >= 0; level--) {
    const s = proof.siblings[level];
    h = await sha256(bitAt(key, level) === 0 ? concat([0x01], h, s) : concat([0x01], s, h));
  }
  return equal(h, root);
}

/** A state proof as the node serves it (hex strings): does `stateKey` hold `value` (null: nothing) under `root`? */
export async function verifyStateProof({ root, stateKey, value, proof }) {
  const decoded = decodeProof(hexToBytes(proof));
  const key = await sha256(hexToBytes(stateKey));
  const valueHash = value == null ? new Uint8Array(0) : await sha256(hexToBytes(value));
  return verifyProof(hexToBytes(root), key, valueHash, decoded);
}
