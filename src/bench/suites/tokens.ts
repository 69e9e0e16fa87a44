import { countTokens } from 'gpt-tokenizer/encoding/o200k_base';

/**
 * Counts o200k tokens piece by piece. Pieces that end in a newline tokenise independently of what follows, so the
 * sum equals the count of the joined text; repeated pieces (filler sentences) are counted once.
 */
export class TokenCounter {
  readonly #cache = new Map<string, number>();

  count(piece: string): number {
    const cached = this.#cache.get(piece);
    if (cached !== undefined) return cached;
    const tokens = countTokens(piece);
    if (this.#cache.size < 50_000) this.#cache.set(piece, tokens);
    return tokens;
  }
}

export { countTokens };
