import { loadConfig, type LoadedConfig } from '../config/load-config.ts';
import type { CliIO } from '../io.ts';
import type { AskFlags } from '../program.ts';
import type { RunSettings } from './ask-settings.ts';
import { resolvePromptTexts } from './prompt-texts.ts';
import { guardRunSecrets } from './secrets.ts';

/** What `rlm ask` and `rlm chat` start from: the config, their settings, and the prompt texts for the engine. */
export interface RunSetup<Settings extends RunSettings> extends LoadedConfig {
  settings: Settings;
  promptTexts: ReturnType<typeof resolvePromptTexts>;
}

/**
 * Loads the config and resolves the command's settings; then, before any context is loaded or model paid for,
 * registers every secret, refuses credentials in a base URL and reads the prompt files (a missing one stops here).
 */
export function loadRunSetup<Settings extends RunSettings>(
  io: CliIO,
  flags: AskFlags,
  resolveSettings: (config: LoadedConfig['config']) => Settings,
): RunSetup<Settings> {
  const loaded = loadConfig({ cwd: io.cwd, env: io.env });
  const settings = resolveSettings(loaded.config);
  guardRunSecrets(io, {
    keys: { ...loaded.secrets },
    baseUrl: settings.baseUrl,
    baseUrlFlag: flags.baseUrl !== undefined,
    config: loaded.config,
  });
  return { ...loaded, settings, promptTexts: resolvePromptTexts(flags, loaded.config, io.cwd) };
}
