import { isUtf8 } from 'node:buffer';

const lenientUtf8 = new TextDecoder('utf-8', { fatal: false, ignoreBOM: true });
const utf16le = new TextDecoder('utf-16le', { fatal: false, ignoreBOM: true });
const utf16be = new TextDecoder('utf-16be', { fatal: false, ignoreBOM: true });
const SNIFF_BYTES = 8000;

export type Decoded =
  { binary: true } | { binary: false; text: string; encoding: 'utf-8' | 'utf-16le' | 'utf-16be'; repaired: boolean };

/**
 * Text of a file or of stdin. A UTF-16 byte order mark selects UTF-16 (Windows tools write it); otherwise a NUL byte
 * in the first 8 KB means binary (git's own heuristic), and anything else is UTF-8, its BOM dropped. Valid UTF-8 takes
 * the fast path (a SIMD check, then one decode); invalid bytes become U+FFFD and are reported, not fatal.
 */
export function decodeText(bytes: Uint8Array): Decoded {
  if (bytes[0] === 0xff && bytes[1] === 0xfe)
    return { binary: false, text: utf16le.decode(bytes.subarray(2)), encoding: 'utf-16le', repaired: false };
  if (bytes[0] === 0xfe && bytes[1] === 0xff)
    return { binary: false, text: utf16be.decode(bytes.subarray(2)), encoding: 'utf-16be', repaired: false };
  if (bytes.subarray(0, SNIFF_BYTES).includes(0)) return { binary: true };
  const body = bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf ? bytes.subarray(3) : bytes;
  if (isUtf8(body)) {
    const buffer = Buffer.isBuffer(body) ? body : Buffer.from(body.buffer, body.byteOffset, body.byteLength);
    return { binary: false, text: buffer.toString('utf8'), encoding: 'utf-8', repaired: false };
  }
  return { binary: false, text: lenientUtf8.decode(body), encoding: 'utf-8', repaired: true };
}
