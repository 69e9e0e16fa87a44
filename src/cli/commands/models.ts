// The light internal entry: listing models must not load the AI SDK.
import {
  findModelInfo,
  KNOWN_MODELS,
  parseModelId,
  type FigureSource,
  type ModelInfo,
} from '../../engine/internal-light.ts';
import { formatTokens } from '../../ui/format.ts';
import { loadConfig } from '../config/load-config.ts';
import { EXIT } from '../exit-codes.ts';
import type { CliIO } from '../io.ts';
import type { ModelsFlags } from '../program.ts';

interface ModelRow extends ModelInfo {
  provider: string;
  model: string;
}

/**
 * `rlm models`: every model the registry and the configuration describe (or the ids asked about), with its
 * provider, input window, prices and where each figure came from.
 */
export async function modelsCommand(io: CliIO, ids: string[], flags: ModelsFlags): Promise<number> {
  const { config } = loadConfig({ cwd: io.cwd, env: io.env });
  const overrides = { prices: config.prices, contextWindows: config.contextWindows };
  const names =
    ids.length > 0
      ? ids
      : [
          ...new Set([
            ...Object.keys(KNOWN_MODELS),
            ...Object.keys(config.prices ?? {}),
            ...Object.keys(config.contextWindows ?? {}),
          ]),
        ];
  const rows: ModelRow[] = names.map((model) => ({
    provider: parseModelId(model, { baseUrl: config.baseUrl }).provider,
    model,
    ...findModelInfo(model, overrides),
  }));
  if (flags.json) {
    io.stdout.write(`${JSON.stringify(rows)}\n`);
    return EXIT.ok;
  }
  const table = [
    ['provider', 'model', 'window', 'input', 'cached', 'output', 'window from', 'price from'],
    ...rows.map((row) => [
      row.provider,
      row.model,
      formatTokens(row.contextWindow),
      usd(row.price?.input),
      usd(row.price?.cachedInput ?? row.price?.input),
      usd(row.price?.output),
      describeSource(row.source.contextWindow, row.model),
      describeSource(row.source.price, row.model),
    ]),
  ];
  const widths = table[0]?.map((_, column) => Math.max(...table.map((cells) => cells[column]?.length ?? 0))) ?? [];
  const numeric = new Set([2, 3, 4, 5]);
  for (const cells of table)
    io.stdout.write(
      `${cells
        .map((cell, column) =>
          numeric.has(column) ? cell.padStart(widths[column] ?? 0) : cell.padEnd(widths[column] ?? 0),
        )
        .join('  ')
        .trimEnd()}\n`,
    );
  io.stdout.write(
    '\nPrices in USD per million tokens. Override or add models with "prices" and "contextWindows" in your config.\n' +
      'Tokens written to a prompt cache cost "cacheWrite" where it is set (Anthropic: 1.25 × input; see --json).\n',
  );
  return EXIT.ok;
}

function usd(value: number | undefined): string {
  return value === undefined ? '—' : `$${value}`;
}

/** `built-in`, `config`, or the key that matched when it is not the model itself (`built-in gpt-5-mini`). */
function describeSource(source: FigureSource, model: string): string {
  switch (source.from) {
    case 'builtin':
    case 'config': {
      const label = source.from === 'builtin' ? 'built-in' : 'config';
      return source.key === model ? label : `${label} (${source.key})`;
    }
    case 'default':
      return 'default';
    case 'unknown':
      return 'unknown';
  }
}
