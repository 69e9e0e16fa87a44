/**
 * A number with thousands separators (`12,345`, `1.5`), as `toLocaleString('en-US')` writes it. Written out
 * because the first `toLocaleString` of a process loads ICU's number data, 15–30 ms on the way to the first root
 * request (the system prompt and the context line print counts) (issue 14).
 */
export function formatCount(value: number, maximumFractionDigits = 0): string {
  if (!Number.isFinite(value)) return value > 0 ? '∞' : value < 0 ? '-∞' : 'NaN';
  const [whole, fraction] = roundHalfUp(Math.abs(value), maximumFractionDigits);
  const sign = value < 0 || Object.is(value, -0) ? '-' : '';
  return `${sign}${whole.replace(/\B(?=(\d{3})+$)/g, ',')}${fraction ? `.${fraction}` : ''}`;
}

/** Rounds the shortest decimal form of the number (what ICU rounds, so 1.95 → 2, not toFixed's 1.9). */
function roundHalfUp(value: number, digits: number): [whole: string, fraction: string] {
  const text = String(value);
  // Exponent forms: past 1e21 every double is an integer; below 1e-6 nothing survives a few fraction digits.
  if (text.includes('e+')) return [BigInt(value).toString(), ''];
  if (text.includes('e-')) {
    const [whole = '0', fraction = ''] = value.toFixed(digits).split('.');
    return [whole, fraction.replace(/0+$/, '')];
  }
  const [whole = '0', fraction = ''] = text.split('.');
  if (fraction.length <= digits) return [whole, fraction];
  const scaled = BigInt(whole + fraction.slice(0, digits)) + ((fraction[digits] ?? '0') >= '5' ? 1n : 0n);
  const padded = scaled.toString().padStart(digits + 1, '0');
  const cut = padded.length - digits;
  return [padded.slice(0, cut), padded.slice(cut).replace(/0+$/, '')];
}
