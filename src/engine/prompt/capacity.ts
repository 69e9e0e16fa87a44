/**
 * What one sub-call reads well, in characters, told to the root so it packs its prompts. Answer quality drops long
 * before a window is full: about 100,000 characters is where a sub-call still reads closely (less for dense text), so
 * that is the ceiling; a smaller window lowers it to half the window (room for instructions and the answer) at about
 * four characters per token.
 */
export const SUBCALL_QUALITY_CEILING_CHARS = 100_000;
const CHARS_PER_TOKEN = 4;
const INPUT_SHARE = 0.5;

export function subcallCapacityChars(contextWindowTokens: number): number {
  const fromWindow = contextWindowTokens * CHARS_PER_TOKEN * INPUT_SHARE;
  const capacity = Math.min(SUBCALL_QUALITY_CEILING_CHARS, fromWindow);
  // A round figure reads as the estimate it is.
  return Math.max(1_000, Math.floor(capacity / 1_000) * 1_000);
}

/** Prompts per batch the root is told to aim for: wide enough to fan out, narrow enough to stay full-sized. */
export const BATCH_WIDTH = 20;
