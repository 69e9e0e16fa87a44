import type { RlmContext } from '../../engine/index.ts';

/** Above this many characters, tokens are counted on evenly spread samples and extrapolated. */
const EXACT_LIMIT_CHARS = 4_000_000;
const SAMPLES = 40;
const SAMPLE_CHARS = 50_000;
/** The fast estimate reads at most this much text, in evenly spread slices. */
const ESTIMATE_SAMPLES = 64;
const ESTIMATE_SAMPLE_CHARS = 16_384;

export interface TokenCount {
  tokens: number;
  /** True unless every character went through the tokenizer. */
  estimated: boolean;
  /** `o200k_base`: counted (or sampled) with the real tokenizer; `heuristic`: the fast estimate, for display only. */
  encoding: 'o200k_base' | 'heuristic';
}

/**
 * Tokens of the context with the o200k tokenizer (GPT-4o / GPT-5 family), for figures that are promised
 * (`--estimate`). The tokenizer is a large table (~0.4 s to load), so it is imported only here, on demand.
 */
export async function countContextTokens(context: RlmContext): Promise<TokenCount> {
  const { countTokens } = await import('gpt-tokenizer/encoding/o200k_base');
  const text = contextText(context);
  if (text.length <= EXACT_LIMIT_CHARS) return { tokens: countTokens(text), estimated: false, encoding: 'o200k_base' };
  const stride = Math.floor(text.length / SAMPLES);
  let sampledChars = 0;
  let sampledTokens = 0;
  for (let index = 0; index < SAMPLES; index += 1) {
    const sample = text.slice(index * stride, index * stride + SAMPLE_CHARS);
    sampledChars += sample.length;
    sampledTokens += countTokens(sample);
  }
  return { tokens: Math.round((sampledTokens / sampledChars) * text.length), estimated: true, encoding: 'o200k_base' };
}

// One piece per CJK character (they tokenise at about 0.65 each), per word with its leading space, per run of up to
// three digits or symbols, per run of whitespace: within a few percent of o200k on prose, code and logs.
const CJK = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}]/u;
const PIECE =
  /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}]| ?[\p{L}\p{M}]{1,12}|\p{N}{1,3}| ?[^\s\p{L}\p{N}]{1,3}|\s+/gu;

/** A tokenizer-free estimate of the context's tokens (milliseconds even for 100 MB), for display only. */
export function estimateContextTokens(context: RlmContext): TokenCount {
  const parts = typeof context === 'string' ? [context] : context.flatMap((doc) => [doc.path, doc.content]);
  const totalChars = parts.reduce((sum, part) => sum + part.length, 0);
  const budget = ESTIMATE_SAMPLES * ESTIMATE_SAMPLE_CHARS;
  let sampledChars = 0;
  let pieces = 0;
  for (const part of parts) {
    // Each part contributes in proportion to its size, in slices spread across it.
    const share = totalChars <= budget ? part.length : Math.ceil((part.length / totalChars) * budget);
    const slices = Math.max(1, Math.min(ESTIMATE_SAMPLES, Math.ceil(share / ESTIMATE_SAMPLE_CHARS)));
    const sliceChars = Math.ceil(share / slices);
    const stride = part.length / slices;
    for (let slice = 0; slice < slices; slice += 1) {
      const sample = part.slice(Math.floor(slice * stride), Math.floor(slice * stride) + sliceChars);
      sampledChars += sample.length;
      for (const [piece] of sample.matchAll(PIECE)) pieces += CJK.test(piece) ? 0.65 : 1;
    }
  }
  const tokens = sampledChars === 0 ? 0 : Math.round((pieces / sampledChars) * totalChars);
  return { tokens, estimated: true, encoding: 'heuristic' };
}

function contextText(context: RlmContext): string {
  return typeof context === 'string' ? context : context.map((doc) => `${doc.path}\n${doc.content}`).join('\n\n');
}
