import {
  createProviderResolver,
  createRlm,
  type RlmResult,
  type RlmSession,
  type SessionOptions,
} from '../../engine/internal.ts';
import { envValue, providerSettings, userConfigPath } from '../config/load-config.ts';
import { EXIT, exitCodeForRun } from '../exit-codes.ts';
import type { CliIO } from '../io.ts';
import { defaultLogDir, type LogWriter } from '../log/log-writer.ts';
import { openLogFromFlags } from '../log/open-run-log.ts';
import type { LoadedContext } from '../context/load-context.ts';
import { ERROR_PREFIX } from '../exit-codes.ts';
import { makeStyler } from '../output/style.ts';
import type { ChatFlags } from '../program.ts';
import { checkModelAccess, resolveRunSettings, type RunSettings } from './ask-settings.ts';
import { engineConfig } from './ask.ts';
import { loadChatContext } from './chat-context.ts';
import { checkCostLimitPrices } from './cost-limit.ts';
import { loadRunSetup } from './run-setup.ts';
import { tuneForRun } from '../run-tuning.ts';

/** What both faces of `rlm chat` (piped lines, the terminal app) work with. */
export interface ChatEnvironment {
  io: CliIO;
  flags: ChatFlags;
  settings: RunSettings;
  session: RlmSession;
  log: LogWriter | undefined;
  style: ReturnType<typeof makeStyler>;
  /** Loads a path or glob as the session's next context; returns its REPL name and a summary line. */
  addContext(spec: string): Promise<{ name: string; line: string }>;
  /** The exit code a finished question contributes (0 when it got an answer). */
  exitCodeOf(result: RlmResult): number;
}

/** `rlm chat`: one session over a persistent REPL; piped stdin asks one question per line. */
export async function chatCommand(io: CliIO, flags: ChatFlags): Promise<number> {
  const { config, secrets, files, settings, promptTexts } = loadRunSetup(io, flags, (fileConfig) =>
    resolveRunSettings(flags, fileConfig),
  );
  const style = makeStyler(io.stderr);
  const info = flags.quiet ? () => undefined : (line: string) => io.stderr.write(`${io.redact(line)}\n`);
  checkModelAccess(settings, secrets);
  checkCostLimitPrices({
    maxCostUsd: flags.sessionMaxCost ?? settings.maxCostUsd,
    source:
      flags.sessionMaxCost !== undefined
        ? '--session-max-cost'
        : flags.maxCost === undefined
          ? 'maxCostUsd'
          : '--max-cost',
    models: [settings.model, settings.subModel].filter((id): id is string => id !== undefined),
    prices: config.prices,
    configFile: files.at(-1) ?? userConfigPath(io.env),
  });
  const model = settings.model ?? '';
  const subModel = settings.subModel ?? model;

  let first: { context: SessionOptions['context']; loaded: LoadedContext } | undefined;
  if (flags.context?.length) {
    const loadedFirst = await loadChatContext(io, flags.context, settings, flags);
    info(style('dim', loadedFirst.line));
    first = loadedFirst;
  }

  const sessionId = crypto.randomUUID();
  const log = openLogFromFlags({
    flag: flags.log,
    logDir: config.logDir ?? defaultLogDir(io.env),
    id: sessionId,
    settings: { ...settings, question: '' },
    session: true,
    loaded: first?.loaded ?? { context: [], files: 0, bytes: 0, chars: 0, skipped: [], repaired: [] },
    tokens: { tokens: 0, estimated: true, encoding: 'o200k_base' },
    model,
    subModel,
    replayOf: undefined,
    redact: io.redact,
    onFailure: (description) => io.stderr.write(`${style('red', `${ERROR_PREFIX}${description}`)}\n`),
  });
  tuneForRun();
  const rlm = createRlm({
    ...engineConfig(settings, config, model, subModel, createProviderResolver(providerSettings(secrets, settings))),
    ...promptTexts,
  });
  const session = rlm.session({
    id: sessionId,
    ...(first ? { context: first.context } : {}),
    ...(flags.sessionMaxCost === undefined ? {} : { maxCostUsd: flags.sessionMaxCost }),
    ...(flags.sessionMaxTokens === undefined ? {} : { maxTokens: flags.sessionMaxTokens }),
  });
  const environment: ChatEnvironment = {
    io,
    flags,
    settings,
    session,
    log,
    style,
    async addContext(spec) {
      const added = await loadChatContext(io, [spec], settings, flags);
      const name = await session.addContext(added.context);
      return { name, line: added.line };
    },
    exitCodeOf: (result) => exitCodeForRun(result.answer, result.stopReason, result.error?.code ?? null),
  };
  try {
    const interactive = io.stdinIsTTY && io.stdout.isTTY && settings.output === 'text';
    if (interactive) {
      const { runChatApp } = await import('./chat-app.ts');
      return await runChatApp(environment, { color: !envValue(io.env, 'NO_COLOR') });
    }
    const { runPipedChat } = await import('./chat-piped.ts');
    return await runPipedChat(environment);
  } finally {
    await session.dispose();
    log?.close();
    if (log) info(style('dim', `log: ${log.path}${log.failure ? ' (incomplete)' : ''}`));
  }
}

export const NO_QUESTIONS_EXIT = EXIT.usage;
