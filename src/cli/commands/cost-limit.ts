import { findModelInfo, type PriceTable } from '../../engine/internal.ts';
import { CliError, EXIT } from '../exit-codes.ts';

/**
 * A cost limit needs a price for every model it watches; the engine refuses the run otherwise, in terms of its own
 * options. Say it in the user's terms first: which flag (or config key), which models, and the lines to add.
 */
export function checkCostLimitPrices(input: {
  maxCostUsd: number | undefined;
  /** Where the limit came from, as the user wrote it. */
  /** The flag that set the limit, or `maxCostUsd` when it came from the config. */
  source: '--max-cost' | '--session-max-cost' | 'maxCostUsd';
  models: string[];
  prices: PriceTable | undefined;
  configFile: string;
}): void {
  if (input.maxCostUsd === undefined) return;
  // The same lookup the engine's own check uses: the registry's table under the config's prices.
  const unpriced = [...new Set(input.models)].filter((id) => !findModelInfo(id, { prices: input.prices }).price);
  if (unpriced.length === 0) return;
  const limit = input.source === 'maxCostUsd' ? `"maxCostUsd" (in your config)` : input.source;
  const entries = unpriced.map((id) => `${JSON.stringify(id)}: { "input": 0.5, "output": 1.5 }`).join(', ');
  throw new CliError(
    'invalid_config',
    `${limit} needs a price for ${unpriced.join(' and ')}, and none is known, so the cost could not be counted.\n` +
      `Add it to ${input.configFile} (or .rlm.json), in USD per million tokens ("cachedInput" and "cacheWrite" are optional;\n` +
      `a local model can cost 0):\n` +
      `  "prices": { ${entries} }\n` +
      `or limit the run with --max-tokens or --max-subcalls instead, which need no price.`,
    EXIT.usage,
  );
}
