import { readFileSync } from 'node:fs';
import {
  createProviderResolver,
  createReplayResolver,
  createRlm,
  parseLog,
  summarizeContext,
  type ModelResolver,
  type RlmEvent,
} from '../../engine/index.ts';
import { envValue, loadConfig, providerSettings } from '../config/load-config.ts';
import type { FileConfig } from '../config/schema.ts';
import { countContextTokens, type TokenCount } from '../context/count-tokens.ts';
import { loadContext, type LoadedContext } from '../context/load-context.ts';
import { CliError, EXIT, exitCodeForRun, usageError } from '../exit-codes.ts';
import type { CliIO } from '../io.ts';
import { defaultLogDir, defaultLogPath, LogWriter } from '../log/log-writer.ts';
import { formatBytes, formatTokens } from '../../ui/format.ts';
import { toJsonResult } from '../output/json-result.ts';
import { createProgressPrinter } from '../output/progress-printer.ts';
import { makeStyler } from '../output/style.ts';
import type { AskFlags } from '../program.ts';
import { VERSION } from '../version.ts';
import { checkModelAccess, resolveAskSettings, type AskSettings } from './ask-settings.ts';
import { estimateReport } from './estimate.ts';

/** `rlm ask`: load config and context, run the engine, print the answer; returns the exit code. */
export async function askCommand(io: CliIO, words: string[], flags: AskFlags): Promise<number> {
  const { config, secrets } = loadConfig({ cwd: io.cwd, env: io.env });
  const settings = resolveAskSettings(words, flags, config);
  const style = makeStyler(io.stderr);
  const info = (line: string) => io.stderr.write(`${io.redact(line)}\n`);

  const replay = flags.replay ? readReplay(flags.replay) : undefined;
  if (replay) {
    settings.model ??= replay.header?.model;
    settings.subModel ??= replay.header?.subModel;
  }
  if (!flags.estimate && !replay) checkModelAccess(settings, secrets);
  const model = settings.model ?? 'replay';
  const subModel = settings.subModel ?? model;

  const specs = flags.context?.length ? flags.context : io.stdinIsTTY ? [] : ['-'];
  if (specs.length === 0)
    throw usageError('No context: pass --context <file|dir|glob> (repeatable) or pipe data on stdin');
  const loaded = await loadContext({
    cwd: io.cwd,
    specs,
    readStdin: io.readStdin,
    gitignore: settings.gitignore,
    include: flags.include ?? [],
    exclude: flags.exclude ?? [],
    hidden: Boolean(flags.hidden),
    maxFileBytes: settings.maxFileBytes,
    maxContextBytes: settings.maxContextBytes,
  });
  if (loaded.chars === 0)
    throw usageError(
      specs.includes('-') && specs.length === 1
        ? 'No context: stdin was empty'
        : 'No context: every file was empty or skipped',
    );
  const tokens = await countContextTokens(loaded.context);
  info(style('dim', contextSummaryLine(loaded, tokens)));
  for (const skipped of loaded.skipped.slice(0, 10))
    info(style('dim', `  skipped ${skipped.path} (${skipped.reason}${skipped.detail ? `: ${skipped.detail}` : ''})`));
  if (loaded.skipped.length > 10) info(style('dim', `  … and ${loaded.skipped.length - 10} more skipped`));
  if (loaded.repaired.length > 0)
    info(
      style(
        'dim',
        `  invalid UTF-8 replaced in ${loaded.repaired.slice(0, 5).join(', ')}${loaded.repaired.length > 5 ? ', …' : ''}`,
      ),
    );

  if (flags.estimate) {
    io.stdout.write(
      `${estimateReport({ loaded, tokens, model, subModel, maxIterations: settings.maxIterations ?? 30, models: config })}\n`,
    );
    return EXIT.ok;
  }

  const resolveModel: ModelResolver = replay
    ? createReplayResolver(replay.events, { mode: flags.replayMode })
    : createProviderResolver(providerSettings(secrets, settings));
  // The log opens before the run starts: a log that cannot be written must stop us before any model is paid for.
  const runId = crypto.randomUUID();
  const log =
    flags.log === false
      ? undefined
      : openLog(io, flags.log, config, settings, runId, loaded, tokens, model, subModel, flags.replay);
  const rlm = createRlm({ ...engineConfig(settings, config, model, subModel, resolveModel), generateId: () => runId });
  const run = rlm.start(settings.question, { context: loaded.context });

  run.subscribe((event) => log?.write(event));
  const interrupt = () => {
    if (!tui) info(style('yellow', 'Interrupted: cancelling every in-flight call… (press Ctrl-C again to force quit)'));
    run.abort('Interrupted by the user (Ctrl-C)');
  };
  const useTui = settings.output === 'text' && !flags.quiet && io.stdout.isTTY;
  const tui = useTui
    ? (await import('../../ui/index.ts')).renderRun({
        source: run,
        context: { files: loaded.files, bytes: loaded.bytes, tokens: tokens.tokens },
        stdout: io.stdout,
        stdin: io.stdin,
        stderr: io.stderr,
        color: !envValue(io.env, 'NO_COLOR'),
        onAbort: interrupt,
        onForceQuit: () => io.exit(EXIT.interrupted),
      })
    : undefined;
  if (settings.output === 'stream-json')
    run.subscribe((event) => io.stdout.write(`${io.redact(JSON.stringify(event))}\n`));
  else if (!tui) run.subscribe(createProgressPrinter(info, style));

  const stopInterrupt = io.onInterrupt(interrupt);
  const result = await run.result.finally(() => {
    stopInterrupt();
    log?.close();
  });
  if (tui) {
    await tui.finish(log?.path ?? null);
    return exitCodeForRun(result.answer, result.stopReason, result.error?.code ?? null);
  }

  const json = toJsonResult(result, log?.path ?? null);
  if (settings.output === 'json') io.stdout.write(`${io.redact(JSON.stringify(json))}\n`);
  else if (settings.output === 'stream-json')
    io.stdout.write(`${io.redact(JSON.stringify({ type: 'result', ...json }))}\n`);
  else if (result.answer !== null) io.stdout.write(`${io.redact(result.answer)}\n`);
  if (result.answer === null && result.error) info(style('red', `No answer: ${result.error.message}`));
  if (log) info(style('dim', `log: ${log.path}`));
  return exitCodeForRun(result.answer, result.stopReason, result.error?.code ?? null);
}

function engineConfig(
  settings: AskSettings,
  config: FileConfig,
  model: string,
  subModel: string,
  resolveModel: ModelResolver,
) {
  const defined = <T extends object>(value: T) =>
    Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>;
  return {
    model,
    subModel,
    resolveModel,
    ...defined({
      maxIterations: settings.maxIterations,
      maxDepth: settings.maxDepth,
      maxCostUsd: settings.maxCostUsd,
      maxTokens: settings.maxTokens,
      maxSubcalls: settings.maxSubcalls,
      timeoutMs: settings.timeoutMs,
      concurrency: settings.concurrency,
      prices: config.prices,
      contextWindows: config.contextWindows,
      sandbox: config.sandbox,
      retry: config.retry,
    }),
  };
}

function readReplay(file: string): { header: ReturnType<typeof parseLog>['header']; events: RlmEvent[] } {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    throw usageError(`--replay ${file}: cannot read (${(error as NodeJS.ErrnoException).code ?? String(error)})`);
  }
  const parsed = parseLog(text);
  if (!parsed.header && parsed.events.length === 0) throw usageError(`--replay ${file}: not an rlm trajectory log`);
  if (!parsed.events.some((event) => event.type === 'llm_call_end'))
    throw new CliError('invalid_input', `--replay ${file}: the log holds no model calls to replay`, EXIT.usage);
  return { header: parsed.header, events: parsed.events };
}

function openLog(
  io: CliIO,
  file: string | true | undefined,
  config: FileConfig,
  settings: AskSettings,
  runId: string,
  loaded: LoadedContext,
  tokens: TokenCount,
  model: string,
  subModel: string,
  replayOf: string | undefined,
): LogWriter {
  const path =
    typeof file === 'string' ? file : defaultLogPath(config.logDir ?? defaultLogDir(io.env), runId, new Date());
  try {
    return new LogWriter(
      path,
      {
        type: 'header',
        schema: 'rlm.trajectory/1',
        tool: { name: 'rlm', version: VERSION },
        createdAt: new Date().toISOString(),
        question: settings.question,
        model,
        subModel,
        baseUrl: settings.baseUrl ?? null,
        limits: {
          maxIterations: settings.maxIterations ?? null,
          maxDepth: settings.maxDepth ?? null,
          maxCostUsd: settings.maxCostUsd ?? null,
          maxTokens: settings.maxTokens ?? null,
          maxSubcalls: settings.maxSubcalls ?? null,
          timeoutMs: settings.timeoutMs ?? null,
          concurrency: settings.concurrency ?? null,
        },
        context: {
          ...summarizeContext(loaded.context),
          files: loaded.files,
          bytes: loaded.bytes,
          tokens: tokens.tokens,
        },
        replayOf: replayOf ?? null,
      },
      io.redact,
    );
  } catch (error) {
    throw usageError(`--log ${path}: cannot write (${(error as NodeJS.ErrnoException).code ?? String(error)})`);
  }
}

function contextSummaryLine(loaded: LoadedContext, tokens: TokenCount): string {
  const skipped = loaded.skipped.length > 0 ? ` · ${loaded.skipped.length} skipped` : '';
  const files = `${loaded.files.toLocaleString('en-US')} file${loaded.files === 1 ? '' : 's'}`;
  return `context: ${files} · ${formatBytes(loaded.bytes)} · ${tokens.estimated ? '≈' : ''}${formatTokens(tokens.tokens)} tokens (${tokens.encoding})${skipped}`;
}
