import type { RlmContext } from '../../engine/index.ts';

/** Above this many characters, tokens are counted on evenly spread samples and extrapolated. */
const EXACT_LIMIT_CHARS = 4_000_000;
const SAMPLES = 40;
const SAMPLE_CHARS = 50_000;

export interface TokenCount {
  tokens: number;
  /** True when extrapolated from samples rather than counted in full. */
  estimated: boolean;
  encoding: 'o200k_base';
}

/** Tokens of the context with the o200k tokenizer (GPT-4o / GPT-5 family), loaded lazily: it is a large table. */
export async function countContextTokens(context: RlmContext): Promise<TokenCount> {
  const { countTokens } = await import('gpt-tokenizer/encoding/o200k_base');
  const text = typeof context === 'string' ? context : context.map((doc) => `${doc.path}\n${doc.content}`).join('\n\n');
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
