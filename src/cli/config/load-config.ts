import { existsSync, readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import type { z } from 'zod';
// The light internal entry: loading config must not load the AI SDK.
import { PROVIDERS, type ProviderId, type ProviderSettings } from '../../engine/internal-light.ts';
import { CliError, EXIT } from '../exit-codes.ts';
import { fileConfigSchema, SECRET_KEYS, type FileConfig } from './schema.ts';

/** API keys by provider, from the environment only (never from a file). */
export type ProviderKeys = Partial<Record<ProviderId, string>>;

export interface ConfigSources {
  cwd: string;
  env: NodeJS.ProcessEnv;
}

export interface LoadedConfig {
  config: FileConfig;
  /** Files that contributed, lowest precedence first. */
  files: string[];
  secrets: ProviderKeys;
}

/** An empty environment variable counts as unset. */
export function envValue(env: NodeJS.ProcessEnv, name: string): string | undefined {
  const value = env[name]?.trim();
  return value ? value : undefined;
}

export function userConfigPath(env: NodeJS.ProcessEnv): string {
  return join(envValue(env, 'XDG_CONFIG_HOME') ?? join(homedir(), '.config'), 'rlm', 'config.json');
}

/** `.rlm.json` in the working directory or a parent, stopping at the git root (or the file system root). */
export function findProjectConfig(cwd: string): string | undefined {
  let dir = resolve(cwd);
  for (;;) {
    const candidate = join(dir, '.rlm.json');
    if (existsSync(candidate)) return candidate;
    if (existsSync(join(dir, '.git'))) return undefined;
    const parent = dirname(dir);
    if (parent === dir) return undefined;
    dir = parent;
  }
}

/** Defaults < user file < project file < environment. Flags are applied on top by the command. */
export function loadConfig(sources: ConfigSources): LoadedConfig {
  const files: string[] = [];
  let config: FileConfig = {};
  for (const path of [userConfigPath(sources.env), findProjectConfig(sources.cwd)]) {
    if (!path || !existsSync(path)) continue;
    config = { ...config, ...readConfigFile(path) };
    files.push(path);
  }
  const env = sources.env;
  const fromEnv: FileConfig = {};
  const model = envValue(env, 'RLM_MODEL');
  const subModel = envValue(env, 'RLM_SUB_MODEL');
  if (model) fromEnv.model = model;
  if (subModel) fromEnv.subModel = subModel;
  const secrets: ProviderKeys = {};
  const baseUrls: NonNullable<FileConfig['baseUrls']> = { ...config.baseUrls };
  for (const spec of PROVIDERS) {
    const key = spec.apiKeyEnv.map((name) => envValue(env, name)).find(Boolean);
    if (key) secrets[spec.id] = key;
    const baseUrl = envValue(env, spec.baseUrlEnv);
    if (!baseUrl) continue;
    if (spec.id === 'compatible') fromEnv.baseUrl = baseUrl;
    else baseUrls[spec.id] = baseUrl;
  }
  if (Object.keys(baseUrls).length > 0) fromEnv.baseUrls = baseUrls;
  return { config: { ...config, ...fromEnv }, files, secrets };
}

/** What the provider resolver gets: keys from the environment, endpoints from flags > environment > files. */
export function providerSettings(
  secrets: ProviderKeys,
  endpoints: { baseUrl: string | undefined; baseUrls: FileConfig['baseUrls'] },
): ProviderSettings {
  const providers: NonNullable<ProviderSettings['providers']> = {};
  for (const spec of PROVIDERS) {
    if (spec.id === 'compatible') continue;
    const apiKey = secrets[spec.id];
    const baseUrl = endpoints.baseUrls?.[spec.id];
    if (apiKey || baseUrl) providers[spec.id] = { apiKey, baseUrl };
  }
  return { baseUrl: endpoints.baseUrl, apiKey: secrets.compatible, providers };
}

export function readConfigFile(path: string): FileConfig {
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(path, 'utf8'));
  } catch (error) {
    throw new CliError(
      'invalid_config',
      `Invalid config file ${path}: ${error instanceof Error ? error.message : String(error)}`,
      EXIT.usage,
    );
  }
  if (raw && typeof raw === 'object') {
    const secret = SECRET_KEYS.find((key) => key in raw);
    if (secret)
      throw new CliError(
        'invalid_config',
        `Invalid config file ${path}: "${secret}" is a secret; set it in the environment (${PROVIDERS.filter(
          (spec) => spec.keyRequired,
        )
          .map((spec) => spec.apiKeyEnv[0])
          .join(' / ')}), not in a file`,
        EXIT.usage,
      );
  }
  const parsed = fileConfigSchema.safeParse(raw);
  if (!parsed.success)
    throw new CliError('invalid_config', `Invalid config file ${path}: ${describeIssues(parsed.error)}`, EXIT.usage);
  return relativeToFile(parsed.data, dirname(path));
}

/** Paths inside a config file mean paths next to it, wherever rlm runs from. */
function relativeToFile(config: FileConfig, dir: string): FileConfig {
  const result = { ...config };
  if (result.systemPromptFile) result.systemPromptFile = resolve(dir, result.systemPromptFile);
  if (result.instructions?.startsWith('@')) result.instructions = `@${resolve(dir, result.instructions.slice(1))}`;
  return result;
}

function describeIssues(error: z.ZodError): string {
  return error.issues
    .slice(0, 5)
    .map((issue) => {
      const key = issue.path.length > 0 ? issue.path.join('.') : '(top level)';
      if (issue.code === 'unrecognized_keys')
        return `unknown key${issue.keys.length > 1 ? 's' : ''} ${issue.keys.map((k) => `"${[...issue.path, k].join('.')}"`).join(', ')}`;
      return `key "${key}": ${issue.message}`;
    })
    .join('; ');
}
