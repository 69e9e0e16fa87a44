import { parseModelId, PROVIDERS, providerSpec } from '../../engine/internal-light.ts';
import type { ProviderKeys } from '../config/load-config.ts';
import type { FileConfig } from '../config/schema.ts';
import type { ContextLoadOptions } from '../context/load-context.ts';
import { CliError, EXIT, usageError } from '../exit-codes.ts';
import type { AskFlags } from '../program.ts';

export const DEFAULT_MAX_CONTEXT_BYTES = 256 * 1024 ** 2;
export const DEFAULT_MAX_FILE_BYTES = 32 * 1024 ** 2;

/** Everything `rlm ask` runs with: config files and environment overlaid by flags. */
export interface AskSettings {
  question: string;
  model: string | undefined;
  subModel: string | undefined;
  baseUrl: string | undefined;
  baseUrls: FileConfig['baseUrls'];
  maxIterations: number | undefined;
  maxErrors: number | undefined;
  contextWindow: number | undefined;
  compactionThreshold: number | undefined;
  maxDepth: number | undefined;
  maxCostUsd: number | undefined;
  maxTokens: number | undefined;
  maxSubcalls: number | undefined;
  timeoutMs: number | undefined;
  callTimeoutMs: number | undefined;
  firstByteTimeoutMs: number | undefined;
  concurrency: number | undefined;
  maxContextBytes: number;
  maxFileBytes: number;
  gitignore: boolean;
  output: 'json' | 'stream-json' | 'text';
}

/** The settings of a run without its question: what `rlm chat` shares with `rlm ask`. */
export type RunSettings = Omit<AskSettings, 'question'>;

export function resolveAskSettings(words: string[], flags: AskFlags, config: FileConfig): AskSettings {
  const question = words.join(' ').trim();
  if (question === '') throw usageError('Missing question: rlm ask [options] "your question" (see rlm ask --help)');
  return { question, ...resolveRunSettings(flags, config) };
}

export function resolveRunSettings(flags: AskFlags, config: FileConfig): RunSettings {
  if (flags.json && flags.streamJson) throw usageError('--json and --stream-json cannot be used together');
  const pick = <T>(flag: T | undefined, fromConfig: T | undefined) => (flag === undefined ? fromConfig : flag);
  const timeoutSeconds = pick(flags.timeout, config.timeoutSeconds);
  return {
    model: pick(flags.model, config.model),
    subModel: pick(flags.subModel, config.subModel),
    baseUrl: pick(flags.baseUrl, config.baseUrl),
    baseUrls: config.baseUrls,
    maxIterations: pick(flags.maxIterations, config.maxIterations),
    maxErrors: pick(flags.maxErrors, config.maxErrors),
    contextWindow: flags.contextWindow,
    compactionThreshold: config.compactionThreshold,
    maxDepth: pick(flags.maxDepth, config.maxDepth),
    maxCostUsd: pick(flags.maxCost, config.maxCostUsd),
    maxTokens: pick(flags.maxTokens, config.maxTokens),
    maxSubcalls: pick(flags.maxSubcalls, config.maxSubcalls),
    timeoutMs: timeoutSeconds === undefined ? undefined : timeoutSeconds * 1000,
    callTimeoutMs: seconds(pick(flags.callTimeout, config.callTimeoutSeconds)),
    firstByteTimeoutMs: seconds(pick(flags.firstByteTimeout, config.firstByteTimeoutSeconds)),
    concurrency: pick(flags.concurrency, config.concurrency),
    maxContextBytes: pick(flags.maxContextBytes, config.maxContextBytes) ?? DEFAULT_MAX_CONTEXT_BYTES,
    maxFileBytes: pick(flags.maxFileBytes, config.maxFileBytes) ?? DEFAULT_MAX_FILE_BYTES,
    gitignore: flags.gitignore === false ? false : (config.gitignore ?? true),
    output: flags.json ? 'json' : flags.streamJson ? 'stream-json' : 'text',
  };
}

const seconds = (value: number | undefined) => (value === undefined ? undefined : value * 1000);

/** One line per provider from the registry, so a new provider shows up here by itself. */
function howToConfigure(): string {
  const lines = PROVIDERS.filter((spec) => spec.keyRequired).map((spec) => {
    const setKey = `export ${spec.apiKeyEnv[0]}=…`;
    return `  • ${`${spec.label} key:`.padEnd(16)} ${setKey.padEnd(34)} then  rlm ask -m ${spec.exampleModel} …`;
  });
  const local = providerSpec('compatible');
  lines.push(
    `  • a local server:  rlm ask --base-url http://localhost:8000/v1 -m <model> …   (or ${local.baseUrlEnv}; no key needed)`,
  );
  return `Configure one of:\n${lines.join('\n')}\nA default model can go in RLM_MODEL or "model" in ~/.config/rlm/config.json.`;
}

/** Which files `--context` specs pick up: the same rules for `rlm ask` and for every context of `rlm chat`. */
export function contextSelection(
  settings: RunSettings,
  flags: AskFlags,
): Pick<ContextLoadOptions, 'gitignore' | 'include' | 'exclude' | 'hidden' | 'maxFileBytes' | 'maxContextBytes'> {
  return {
    gitignore: settings.gitignore,
    include: flags.include ?? [],
    exclude: flags.exclude ?? [],
    hidden: Boolean(flags.hidden),
    maxFileBytes: settings.maxFileBytes,
    maxContextBytes: settings.maxContextBytes,
  };
}

/** Fails before any context is read when no model, or no credentials for it, are configured. */
export function checkModelAccess(
  settings: Pick<AskSettings, 'model' | 'subModel' | 'baseUrl'>,
  secrets: ProviderKeys,
): string {
  if (!settings.model) throw new CliError('no_model', `No model configured.\n${howToConfigure()}`, EXIT.noModel);
  for (const id of [settings.model, settings.subModel].filter((value): value is string => Boolean(value))) {
    const spec = providerSpec(parseModelId(id, { baseUrl: settings.baseUrl }).provider);
    if (spec.id === 'compatible' && !settings.baseUrl)
      throw new CliError(
        'no_model',
        `The model "${id}" needs an OpenAI-compatible server: pass --base-url or set ${spec.baseUrlEnv}.`,
        EXIT.noModel,
      );
    if (spec.keyRequired && !secrets[spec.id])
      throw new CliError(
        'no_model',
        `The model "${id}" needs ${spec.apiKeyEnv.join(' or ')}, which is not set.\n${howToConfigure()}`,
        EXIT.noModel,
      );
  }
  return settings.model;
}
