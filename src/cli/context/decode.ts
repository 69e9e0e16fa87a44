const strict = new TextDecoder('utf-8', { fatal: true, ignoreBOM: false });
const lenient = new TextDecoder('utf-8', { fatal: false, ignoreBOM: false });
const SNIFF_BYTES = 8000;

/**
 * Text of a file, or `binary` when it has a NUL byte in its first 8 KB (git's own heuristic). Invalid UTF-8 is
 * replaced with U+FFFD and reported rather than failing the whole context.
 */
export function decodeText(bytes: Uint8Array): { binary: true } | { binary: false; text: string; repaired: boolean } {
  if (bytes.subarray(0, SNIFF_BYTES).includes(0)) return { binary: true };
  try {
    return { binary: false, text: strict.decode(bytes), repaired: false };
  } catch {
    return { binary: false, text: lenient.decode(bytes), repaired: true };
  }
}
