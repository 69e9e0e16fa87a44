import type { RlmContext } from '../../engine/internal.ts';

/** Above this many characters, tokens are counted on evenly spread samples and extrapolated. */
const EXACT_LIMIT_CHARS = 4_000_000;
const SAMPLES = 40;
const SAMPLE_CHARS = 50_000;
/** The fast estimate reads about this much text, in evenly spread slices. */
const ESTIMATE_SLICES = 64;
const ESTIMATE_SLICE_CHARS = 4096;
const ESTIMATE_BUDGET = ESTIMATE_SLICES * ESTIMATE_SLICE_CHARS;

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

/** A tokenizer-free estimate of the context's tokens (a few milliseconds even for 100 MB), for display only. */
export function estimateContextTokens(context: RlmContext): TokenCount {
  // A document counts as its path and content on two lines; it is joined only when sampled.
  const parts: Part[] =
    typeof context === 'string'
      ? [{ length: context.length, text: () => context }]
      : context.map((doc) => ({
          length: doc.path.length + 1 + doc.content.length,
          text: () => `${doc.path}\n${doc.content}`,
        }));
  const totalChars = parts.reduce((sum, part) => sum + part.length, 0);
  let sampledChars = 0;
  let pieces = 0;
  for (const sample of samplesOf(parts, totalChars)) {
    sampledChars += sample.length;
    for (const [piece] of sample.matchAll(PIECE)) pieces += CJK.test(piece) ? 0.65 : 1;
  }
  const tokens = sampledChars === 0 ? 0 : Math.round((pieces / sampledChars) * totalChars);
  return { tokens, estimated: true, encoding: 'heuristic' };
}

interface Part {
  length: number;
  text: () => string;
}

/** About ESTIMATE_BUDGET characters spread evenly over the parts: all of them when they are small. */
function* samplesOf(parts: Part[], totalChars: number): Generator<string> {
  if (totalChars <= ESTIMATE_BUDGET) {
    for (const part of parts) yield part.text();
    return;
  }
  // Many parts (documents): the start of every n-th one, so each region of the tree is represented.
  if (parts.length > ESTIMATE_SLICES) {
    const step = parts.length / ESTIMATE_SLICES;
    for (let index = 0; index < parts.length; index += step)
      yield parts[Math.floor(index)]!.text().slice(0, ESTIMATE_SLICE_CHARS);
    return;
  }
  // Few large parts: slices spread across each, in proportion to its size.
  for (const part of parts) {
    const text = part.text();
    const slices = Math.max(1, Math.round((part.length / totalChars) * ESTIMATE_SLICES));
    const stride = part.length / slices;
    for (let slice = 0; slice < slices; slice += 1) {
      const from = Math.floor(slice * stride);
      yield text.slice(from, from + ESTIMATE_SLICE_CHARS);
    }
  }
}

function contextText(context: RlmContext): string {
  return typeof context === 'string' ? context : context.map((doc) => `${doc.path}\n${doc.content}`).join('\n\n');
}
