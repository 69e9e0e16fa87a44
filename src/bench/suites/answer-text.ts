/** Answer parsing shared by the scorers. */

/** Lower case, markdown and punctuation removed, whitespace collapsed. */
export function normalize(text: string): string {
  return text
    .toLowerCase()
    .replace(/[*_`#>~[\]()"'“”‘’]/g, ' ')
    .replace(/[.,;:!?]/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
}

/** OOLONG's rule: the answer is whatever follows the last colon of the prediction (all of it when there is none). */
export function afterLastColon(prediction: string): string {
  const trimmed = prediction.trim();
  const colon = trimmed.lastIndexOf(':');
  return colon === -1 ? trimmed : trimmed.slice(colon + 1);
}

/** The first integer in the text (commas as thousands separators allowed), or null. */
export function firstInteger(text: string): number | null {
  const match = /-?\d[\d,]*/.exec(text);
  if (!match) return null;
  const value = Number(match[0].replace(/,/g, ''));
  return Number.isFinite(value) ? value : null;
}

export function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
